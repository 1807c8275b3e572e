import type { Executor } from '../../../platform/db/database.js';
import { page } from '../../../platform/http/envelope.js';
import { ACCEPTED_RANGE, parseInstant } from '../../../platform/http/dates.js';
import { invalidField } from '../../../platform/http/errors.js';
import { pageRequest, parseSort } from '../../../platform/http/pagination.js';
import { existingSlugs } from '../categories/categories.repository.js';
import {
  SORT_FIELDS,
  facetCounts,
  expandWords,
  searchEventIds,
  type EventFilters,
  type SortField,
} from './discovery.query.js';
import type { DiscoveryQuery, EventListItem } from './discovery.schemas.js';
import { loadEventViews } from '../events/events.repository.js';
import { normalizeTags } from '../events/events.rules.js';

function parseDate(raw: string | undefined, field: string, endOfDay: boolean): Date | undefined {
  if (raw === undefined) return undefined;
  const value = parseInstant(raw, endOfDay);
  if (!value) {
    throw invalidField(
      field,
      `"${raw}" is not a valid date of a year ${ACCEPTED_RANGE}; use one such as 2027-05-01`,
    );
  }
  return value;
}

const splitList = (values: string[] | undefined) =>
  values
    ?.flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

async function assertCategories(db: Executor, slugs: string[] | undefined): Promise<void> {
  if (!slugs?.length) return;
  const known = await existingSlugs(db, slugs);
  const unknown = slugs.filter((s) => !known.has(s));
  if (unknown.length)
    throw invalidField('query.category', `unknown category "${unknown.join('", "')}"`);
}

/** Turns the query string into filters, with a 400 naming any parameter that makes no sense. */
export async function filtersOf(db: Executor, q: DiscoveryQuery, publicOnly: boolean) {
  const category = splitList(q.category);
  await assertCategories(db, category);
  let near: EventFilters['near'];
  if (q.near) {
    const [lat, lng] = q.near.split(',').map(Number) as [number, number];
    if (Math.abs(lat) > 90 || Math.abs(lng) > 180) {
      throw invalidField('query.near', 'latitude must be within ±90 and longitude within ±180');
    }
    near = { lat, lng, radiusKm: q.radiusKm ?? 25 };
  } else if (q.radiusKm !== undefined) throw invalidField('query.radiusKm', 'needs near=lat,lng');
  const dateFrom = parseDate(q.dateFrom, 'query.dateFrom', false);
  const dateTo = parseDate(q.dateTo, 'query.dateTo', true);
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
    words: tsquery ? words : undefined,
    tsquery: tsquery ?? undefined,
    categories: category,
    tags: q.tags ? normalizeTags(splitList(q.tags) ?? []) : undefined,
    city: q.city?.trim() || undefined,
    near,
    dateFrom,
    dateTo,
    upcoming: q.upcoming ?? true,
    availableOnly: q.availableOnly,
    minPrice: q.minPrice,
    maxPrice: q.maxPrice,
    organizerId: q.organizerId,
    free: q.free,
  };
  const sort = parseSort<SortField>(q.sort, SORT_FIELDS, [
    filters.words
      ? { field: 'relevance', direction: 'desc' }
      : { field: 'startsAt', direction: 'asc' },
  ]);
  if (sort.some((s) => s.field === 'relevance') && !filters.words) {
    throw invalidField('query.sort', 'relevance needs q');
  }
  if (sort.some((s) => s.field === 'distance') && !near) {
    throw invalidField('query.sort', 'distance needs near=lat,lng');
  }
  const facets = (q.facets ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  for (const facet of facets) {
    if (!['category', 'city', 'price'].includes(facet)) {
      throw invalidField(
        'query.facets',
        `unknown facet "${facet}"; allowed: category, city, price`,
      );
    }
  }
  return { filters, sort, facets: [...new Set(facets)] as ('category' | 'city' | 'price')[] };
}

/** Runs a listing: page of full events, meta and requested facets. */
export async function listEvents(
  db: Executor,
  query: DiscoveryQuery,
  publicOnly: boolean,
  extra: Partial<EventFilters> = {},
) {
  const { filters, sort, facets } = await filtersOf(db, query, publicOnly);
  Object.assign(filters, extra);
  const paging = pageRequest(query);
  const [{ ids, total, distances }, facetData] = await Promise.all([
    searchEventIds(db, filters, sort, paging),
    facets.length ? facetCounts(db, filters, facets) : Promise.resolve(undefined),
  ]);
  const views: EventListItem[] = await loadEventViews(db, ids);
  if (distances) {
    for (const view of views) {
      const metres = distances.get(view.id);
      if (metres != null) view.distanceKm = Math.round(metres) / 1000;
    }
  }
  const body = page(views, {
    page: paging.page,
    limit: paging.limit,
    total,
  });
  return facetData ? { ...body, meta: { ...body.meta, facets: facetData } } : body;
}
