import { Type, type Static } from 'typebox';
import type { Executor } from '../../platform/db/database.js';
import { Envelope, PageMeta, page, problems } from '../../platform/http/envelope.js';
import { invalidField } from '../../platform/http/errors.js';
import { PaginationQuery, pageRequest, parseSort } from '../../platform/http/pagination.js';
import type { App } from '../../platform/http/types.js';
import { existingSlugs } from './categories.repository.js';
import type { EventCache } from './event-cache.js';
import {
  SORT_FIELDS,
  cityCounts,
  expandWords,
  facetCounts,
  searchEventIds,
  tagCounts,
  type EventFilters,
  type SortField,
} from './discovery.query.js';
import { loadEventViews } from './events.repository.js';
import { normalizeTags } from './events.rules.js';
import { Event } from './events.schemas.js';

const DateParam = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?)?$',
  description: 'ISO 8601 date or date-time; a date alone covers the whole day (UTC)',
});

export const DiscoveryQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    category: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20 })),
    tags: Type.Optional(Type.Array(Type.String({ maxLength: 400 }), { maxItems: 20 })),
    city: Type.Optional(Type.String({ maxLength: 100 })),
    near: Type.Optional(
      Type.String({
        pattern: '^-?\\d{1,3}(\\.\\d+)?,-?\\d{1,3}(\\.\\d+)?$',
        description: 'lat,lng',
      }),
    ),
    radiusKm: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 500 })),
    dateFrom: Type.Optional(DateParam),
    dateTo: Type.Optional(DateParam),
    upcoming: Type.Optional(Type.Boolean({ default: true })),
    availableOnly: Type.Optional(Type.Boolean()),
    minPrice: Type.Optional(Type.Integer({ minimum: 0, description: 'minor units' })),
    maxPrice: Type.Optional(Type.Integer({ minimum: 0, description: 'minor units' })),
    organizerId: Type.Optional(Type.String({ format: 'uuid' })),
    free: Type.Optional(Type.Boolean()),
    facets: Type.Optional(Type.String({ maxLength: 50, description: 'category,city,price' })),
    sort: Type.Optional(
      Type.String({
        maxLength: 200,
        description:
          'Comma-separated fields, - prefix for descending: startsAt (default), price, title, createdAt, relevance (needs q; the default with q), distance (needs near), popularity (recent views, favourites and tickets sold with time decay, recomputed every few minutes; ties soonest first). relevance and popularity are best first either way.',
      }),
    ),
    ...PaginationQuery,
  },
  { additionalProperties: false },
);
export type DiscoveryQuery = Static<typeof DiscoveryQuery>;

const FacetValue = Type.Object({ value: Type.String(), count: Type.Integer() });
export const EventListResponse = Type.Object({
  success: Type.Literal(true),
  data: Type.Array(Event),
  meta: Type.Object({
    ...PageMeta.properties,
    facets: Type.Optional(
      Type.Object({
        category: Type.Optional(Type.Array(FacetValue)),
        city: Type.Optional(Type.Array(FacetValue)),
        price: Type.Optional(
          Type.Array(
            Type.Object({
              value: Type.String(),
              min: Type.Integer(),
              max: Type.Union([Type.Integer(), Type.Null()]),
              count: Type.Integer(),
            }),
          ),
        ),
      }),
    ),
  }),
});

function parseDate(raw: string | undefined, field: string, endOfDay: boolean): Date | undefined {
  if (raw === undefined) return undefined;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(raw);
  const value = new Date(dateOnly ? `${raw}T00:00:00Z` : raw.replace(' ', 'T'));
  if (Number.isNaN(value.getTime())) throw invalidField(field, `"${raw}" is not a valid date`);
  if (dateOnly && endOfDay) value.setUTCHours(23, 59, 59, 999);
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
  const [{ ids, total }, facetData] = await Promise.all([
    searchEventIds(db, filters, sort, paging),
    facets.length ? facetCounts(db, filters, facets) : Promise.resolve(undefined),
  ]);
  const body = page(await loadEventViews(db, ids), {
    page: paging.page,
    limit: paging.limit,
    total,
  });
  return facetData ? { ...body, meta: { ...body.meta, facets: facetData } } : body;
}

const Autocomplete = Type.Object(
  {
    prefix: Type.Optional(Type.String({ maxLength: 60, default: '' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
  },
  { additionalProperties: false },
);

/** Public discovery: the event list with filters and facets, tags and cities autocomplete. */
export async function discoveryRoutes(app: App, cache: EventCache): Promise<void> {
  const { db } = app.platform.database;

  app.get(
    '/v1/events',
    {
      schema: {
        summary: 'Discover published events (search, filters, facets)',
        tags: ['catalog'],
        querystring: DiscoveryQuery,
        response: { 200: EventListResponse, ...problems(400) },
      },
    },
    async (request, reply) => {
      const key = request.url;
      const hit = cache.getList(key);
      reply.type('application/json; charset=utf-8');
      // Cached pages are already serialized JSON; Fastify sends strings as they are.
      if (hit) return reply.send(hit as never);
      const mark = cache.mark();
      const body = await listEvents(db, request.query, true);
      const text = reply.serialize(body) as string;
      cache.setList(key, text, mark);
      return reply.send(text as never);
    },
  );

  app.get(
    '/v1/tags',
    {
      schema: {
        summary: 'Tag autocomplete with event counts',
        tags: ['catalog'],
        querystring: Autocomplete,
        response: { 200: Envelope(Type.Array(FacetValue)), ...problems(400) },
      },
    },
    async (request) => {
      const prefix = normalizeTags([request.query.prefix ?? ''])[0] ?? '';
      return {
        success: true as const,
        data: await tagCounts(db, prefix, request.query.limit ?? 10),
      };
    },
  );

  app.get(
    '/v1/cities',
    {
      schema: {
        summary: 'City autocomplete with event counts',
        tags: ['catalog'],
        querystring: Autocomplete,
        response: { 200: Envelope(Type.Array(FacetValue)), ...problems(400) },
      },
    },
    async (request) => ({
      success: true as const,
      data: await cityCounts(db, (request.query.prefix ?? '').trim(), request.query.limit ?? 10),
    }),
  );
}
