import type { Static } from 'typebox';
import type { Executor } from '../../../platform/db/database.js';
import { invalidField } from '../../../platform/http/errors.js';
import { pageRequest, type SortTerm } from '../../../platform/http/pagination.js';
import { existingSlugs } from '../categories/categories.repository.js';
import type { EventStatus } from '../events/events.schemas.js';
import { loadEventViews } from '../events/events.repository.js';
import { normalizeTags } from '../events/events.rules.js';
import {
  cityCounts,
  expandWords,
  facetCounts,
  searchEventIds,
  tagCounts,
  type EventFilters,
  type FacetCounts,
  type SortField,
} from './discovery.query.js';
import type { EventListItem } from './discovery.schemas.js';

export type DiscoveryFacet = 'category' | 'city' | 'price';
export type DiscoverySort = SortTerm<SortField>;

/** A catalogue search: what to match, in which order, which page, which facets. */
export interface DiscoveryQuery extends Partial<
  Pick<
    EventFilters,
    | 'categories'
    | 'tags'
    | 'city'
    | 'dateFrom'
    | 'dateTo'
    | 'upcoming'
    | 'availableOnly'
    | 'minPrice'
    | 'maxPrice'
    | 'organizerId'
    | 'organizerIds'
    | 'free'
  >
> {
  /** Words to search for (relevance-ranked, with near spellings of unknown words). */
  q?: string;
  /** Within `radiusKm` (default 25) of a point. */
  near?: { lat: number; lng: number; radiusKm?: number };
  statuses?: Static<typeof EventStatus>[];
  /** Default: relevance with `q`, else soonest first. */
  sort?: DiscoverySort[];
  facets?: DiscoveryFacet[];
  page?: number;
  limit?: number;
}

/** One page of a search: the events, where the page is, and the requested facets. */
export interface EventList {
  items: EventListItem[];
  page: { page: number; limit: number; total: number };
  facets?: FacetCounts;
}

async function assertCategories(db: Executor, slugs: string[] | undefined): Promise<void> {
  if (!slugs?.length) return;
  const known = await existingSlugs(db, slugs);
  const unknown = slugs.filter((s) => !known.has(s));
  if (unknown.length)
    throw invalidField('query.category', `unknown category "${unknown.join('", "')}"`);
}

/** The query as filters and a sort, with a 400 naming any parameter that makes no sense. */
export async function filtersOf(db: Executor, q: DiscoveryQuery, publicOnly: boolean) {
  await assertCategories(db, q.categories);
  let near: EventFilters['near'];
  if (q.near) {
    const { lat, lng } = q.near;
    if (Math.abs(lat) > 90 || Math.abs(lng) > 180) {
      throw invalidField('query.near', 'latitude must be within ±90 and longitude within ±180');
    }
    near = { lat, lng, radiusKm: q.near.radiusKm ?? 25 };
  }
  const { dateFrom, dateTo } = q;
  if (dateFrom && dateTo && dateTo < dateFrom)
    throw invalidField('query.dateTo', 'is before dateFrom');
  if (q.minPrice !== undefined && q.maxPrice !== undefined && q.maxPrice < q.minPrice) {
    throw invalidField('query.maxPrice', 'is below minPrice');
  }
  const words = (q.q ?? '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8)
    .map((w) => w.slice(0, 40));
  const tsquery = words.length ? await expandWords(db, words) : null;
  const filters: EventFilters = {
    publicOnly,
    statuses: q.statuses,
    words: tsquery ? words : undefined,
    tsquery: tsquery ?? undefined,
    categories: q.categories,
    tags: q.tags ? normalizeTags(q.tags) : undefined,
    city: q.city?.trim() || undefined,
    near,
    dateFrom,
    dateTo,
    upcoming: q.upcoming ?? true,
    availableOnly: q.availableOnly,
    minPrice: q.minPrice,
    maxPrice: q.maxPrice,
    organizerId: q.organizerId,
    organizerIds: q.organizerIds,
    free: q.free,
  };
  const sort: DiscoverySort[] = q.sort?.length
    ? q.sort
    : [
        filters.words
          ? { field: 'relevance', direction: 'desc' }
          : { field: 'startsAt', direction: 'asc' },
      ];
  if (sort.some((s) => s.field === 'relevance') && !filters.words) {
    throw invalidField('query.sort', 'relevance needs q');
  }
  if (sort.some((s) => s.field === 'distance') && !near) {
    throw invalidField('query.sort', 'distance needs near=lat,lng');
  }
  return { filters, sort };
}

/**
 * Searches the catalogue: one page of full events (with their distance for a
 * geo search), the total, and the requested facets. `publicOnly` (default)
 * keeps to published public events; organizer views pass false.
 */
export async function listEvents(
  db: Executor,
  query: DiscoveryQuery,
  publicOnly = true,
): Promise<EventList> {
  const { filters, sort } = await filtersOf(db, query, publicOnly);
  const facets = [...new Set(query.facets ?? [])];
  const paging = pageRequest(query);
  const [{ ids, total, distances }, facetData] = await Promise.all([
    searchEventIds(db, filters, sort, paging),
    facets.length ? facetCounts(db, filters, facets) : Promise.resolve(undefined),
  ]);
  const items: EventListItem[] = await loadEventViews(db, ids);
  if (distances) {
    for (const view of items) {
      const metres = distances.get(view.id);
      if (metres != null) view.distanceKm = Math.round(metres) / 1000;
    }
  }
  const result: EventList = { items, page: { page: paging.page, limit: paging.limit, total } };
  if (facetData) result.facets = facetData;
  return result;
}

/** Tags of public events starting with `prefix`, with their counts. */
export function listTags(db: Executor, prefix: string, limit: number) {
  return tagCounts(db, normalizeTags([prefix])[0] ?? '', limit);
}

/** Cities of public events starting with `prefix`, with their counts. */
export function listCities(db: Executor, prefix: string, limit: number) {
  return cityCounts(db, prefix.trim(), limit);
}
