import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/database.js';
import type { SortTerm } from '../../../platform/http/pagination.js';

/** Everything a catalogue listing can be narrowed by. */
export interface EventFilters {
  /** Public discovery: published and public only. Organizer views pass false. */
  publicOnly: boolean;
  statuses?: string[];
  words?: string[];
  /** The tsquery text from expandWords(); required when `words` is set. */
  tsquery?: string;
  categories?: string[];
  tags?: string[];
  city?: string;
  near?: { lat: number; lng: number; radiusKm: number };
  dateFrom?: Date;
  dateTo?: Date;
  upcoming?: boolean;
  availableOnly?: boolean;
  minPrice?: number;
  maxPrice?: number;
  organizerId?: string;
  /** Events of any of these organizers (an empty list matches nothing). */
  organizerIds?: string[];
  free?: boolean;
}

export const SORT_FIELDS = [
  'startsAt',
  'price',
  'title',
  'createdAt',
  'relevance',
  'distance',
  'popularity',
] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export interface FacetCounts {
  category?: { value: string; count: number }[];
  city?: { value: string; count: number }[];
  price?: { value: string; min: number; max: number | null; count: number }[];
}

/** Price buckets in minor units (upper bound inclusive; null: no bound). */
export const PRICE_BUCKETS = [
  { value: 'free', min: 0, max: 0 },
  { value: 'under-20', min: 1, max: 2000 },
  { value: '20-50', min: 2001, max: 5000 },
  { value: '50-100', min: 5001, max: 10000 },
  { value: 'over-100', min: 10001, max: null },
] as const;

const EXPANSION_TTL_MS = 60_000;
const expansions = new Map<string, { alternatives: string; expires: number }>();

/**
 * Each query word as a tsquery alternative: itself as a prefix and, when the
 * catalogue has never seen it, its nearest known words by trigram distance
 * (typo tolerance). Expansions are kept a minute per process: a new word in
 * the vocabulary only changes which typos it corrects.
 */
export async function expandWords(db: Executor, words: string[]): Promise<string | null> {
  const now = Date.now();
  const missing = words.filter((w) => (expansions.get(w)?.expires ?? 0) < now);
  if (missing.length) {
    const r = await db.execute<{ w: string; folded: string; alts: string[] | null }>(sql`
      SELECT t.w, t.folded, ARRAY(
        SELECT n.word FROM (
          SELECT word FROM catalog_search_words ORDER BY word <-> t.folded LIMIT 4
        ) n
        WHERE similarity(n.word, t.folded) >= 0.25
          AND NOT EXISTS (SELECT 1 FROM catalog_search_words k WHERE k.word = t.folded)
      ) AS alts
      FROM (SELECT w, catalog_fold(w) AS folded FROM unnest(${textArray(missing)}) AS w) t`);
    for (const row of r.rows) {
      const safe = (x: string) => /^[\p{L}\p{N}]+$/u.test(x);
      const own = safe(row.folded) ? [`${row.folded}:*`] : [];
      const alternatives = [...own, ...(row.alts ?? []).filter(safe)].join(' | ');
      if (expansions.size > 10_000) expansions.clear();
      expansions.set(row.w, { alternatives, expires: now + EXPANSION_TTL_MS });
    }
  }
  const terms = words.map((w) => expansions.get(w)?.alternatives).filter(Boolean);
  return terms.length ? terms.map((t) => `(${t})`).join(' & ') : null;
}

/** A text[] bound as one parameter (Drizzle would expand a JS array into a row). */
function textArray(values: readonly string[]): SQL {
  const literal = `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
  return sql`${literal}::text[]`;
}

function earthPoint(near: { lat: number; lng: number }): SQL {
  return sql`ll_to_earth(${near.lat}::float8, ${near.lng}::float8)`;
}

/** Metres from the point to the event's nearest located occurrence (null when none is located). */
function distanceOf(near: { lat: number; lng: number }): SQL {
  const point = earthPoint(near);
  return sql`(SELECT min(earth_distance(${point}, ll_to_earth(o.latitude, o.longitude)))
    FROM catalog_event_occurrences o WHERE o.event_id = e.id AND o.latitude IS NOT NULL)`;
}

/** Prefixes `body` with the search query's CTE when the filters have words. */
function withSearch(f: EventFilters, body: SQL): SQL {
  if (!f.words?.length) return body;
  return sql`WITH search_query AS MATERIALIZED (SELECT to_tsquery('simple', ${f.tsquery ?? ''}) AS tsq) ${body}`;
}

/** The WHERE clause shared by the page, the count and the facets. */
export function whereOf(f: EventFilters): SQL {
  const parts: SQL[] = [];
  // Completed events are published ones that ended, so only a listing with past
  // events shows them; the upcoming one keeps the partial indexes' predicate.
  if (f.publicOnly && f.upcoming) {
    parts.push(sql`e.status = 'published' AND e.visibility = 'public'`);
  } else if (f.publicOnly) {
    parts.push(sql`e.status IN ('published', 'completed') AND e.visibility = 'public'`);
  }
  if (f.statuses?.length) parts.push(sql`e.status = ANY(${textArray(f.statuses)})`);
  if (f.upcoming) parts.push(sql`e.last_ends_at >= now()`);
  if (f.words?.length) parts.push(sql`e.search_vector @@ (SELECT tsq FROM search_query)`);
  if (f.categories?.length) parts.push(sql`e.category = ANY(${textArray(f.categories)})`);
  if (f.tags?.length) parts.push(sql`e.tags && ${textArray(f.tags)}`);
  if (f.city) parts.push(sql`e.city_keys @> ARRAY[catalog_fold(${f.city})]`);
  if (f.organizerId) parts.push(sql`e.organizer_id = ${f.organizerId}::uuid`);
  if (f.organizerIds) parts.push(sql`e.organizer_id = ANY(${textArray(f.organizerIds)}::uuid[])`);
  if (f.free !== undefined) {
    parts.push(f.free ? sql`e.min_price_minor = 0` : sql`e.min_price_minor > 0`);
  }
  if (f.near) {
    const point = earthPoint(f.near);
    const meters = f.near.radiusKm * 1000;
    parts.push(sql`e.id IN (
      SELECT o.event_id FROM catalog_event_occurrences o
       WHERE o.latitude IS NOT NULL
         AND earth_box(${point}, ${meters}::float8) @> ll_to_earth(o.latitude, o.longitude)
         AND earth_distance(${point}, ll_to_earth(o.latitude, o.longitude)) <= ${meters}::float8)`);
  }
  if (f.dateFrom || f.dateTo) {
    const from = f.dateFrom
      ? sql`o.starts_at >= ${f.dateFrom.toISOString()}::timestamptz`
      : sql`true`;
    const to = f.dateTo ? sql`o.starts_at <= ${f.dateTo.toISOString()}::timestamptz` : sql`true`;
    parts.push(
      sql`e.id IN (SELECT o.event_id FROM catalog_event_occurrences o WHERE ${from} AND ${to})`,
    );
  }
  if (f.availableOnly) {
    parts.push(sql`EXISTS (SELECT 1 FROM catalog_ticket_types t
      WHERE t.event_id = e.id AND t.capacity - t.sold - t.held > 0)`);
  }
  if (f.minPrice !== undefined || f.maxPrice !== undefined) {
    // Any ticket type priced in the range; prices are copied onto the event, so no join.
    const lo = f.minPrice ?? 0;
    const hi = f.maxPrice ?? 2147483647;
    parts.push(sql`e.min_price_minor <= ${hi} AND e.max_price_minor >= ${lo}
      AND EXISTS (SELECT 1 FROM unnest(e.prices) AS p WHERE p BETWEEN ${lo} AND ${hi})`);
  }
  return parts.length ? sql.join(parts, sql` AND `) : sql`true`;
}

function orderOf(f: EventFilters, sort: SortTerm<SortField>[]): SQL {
  const terms = sort.map(({ field, direction }) => {
    const dir = sql.raw(direction === 'desc' ? 'DESC' : 'ASC');
    switch (field) {
      case 'startsAt':
        return sql`e.first_starts_at ${dir} NULLS LAST`;
      case 'price':
        return sql`e.min_price_minor ${dir} NULLS LAST`;
      case 'title':
        return sql`lower(e.title) ${dir}`;
      case 'createdAt':
        return sql`e.created_at ${dir}`;
      case 'relevance':
        // Relevance is best-first whatever the sign.
        return sql`ts_rank(e.search_vector, (SELECT tsq FROM search_query)) DESC`;
      case 'distance':
        return sql`${distanceOf(f.near!)} ${dir} NULLS LAST`;
      case 'popularity':
        // Most popular first whatever the sign, like relevance.
        return sql`e.popularity DESC`;
    }
  });
  // Equal scores are common (most events have none): soonest first, then by id.
  if (sort.some((s) => s.field === 'popularity') && !sort.some((s) => s.field === 'startsAt')) {
    terms.push(sql`e.first_starts_at ASC NULLS LAST`);
  }
  terms.push(sql`e.id ASC`);
  return sql.join(terms, sql`, `);
}

/**
 * The SQL of one page of matching event ids, each row carrying the total
 * (one index pass for both; exported for EXPLAIN in benchmarks).
 */
export function pageQuery(
  f: EventFilters,
  sort: SortTerm<SortField>[],
  page: { limit: number; offset: number },
): SQL {
  const distance = f.near ? sql`, ${distanceOf(f.near)} AS distance_m` : sql``;
  return withSearch(
    f,
    sql`SELECT e.id, count(*) OVER ()::int AS total${distance} FROM catalog_events e WHERE ${whereOf(f)}
      ORDER BY ${orderOf(f, sort)} LIMIT ${page.limit} OFFSET ${page.offset}`,
  );
}

/** The SQL counting every match. */
export function countQuery(f: EventFilters): SQL {
  return withSearch(
    f,
    sql`SELECT count(*)::int AS total FROM catalog_events e WHERE ${whereOf(f)}`,
  );
}

/**
 * One page of matching event ids and the total count; with `near`, each id's
 * distance in metres to its nearest located occurrence.
 */
export async function searchEventIds(
  db: Executor,
  f: EventFilters,
  sort: SortTerm<SortField>[],
  page: { limit: number; offset: number },
): Promise<{ ids: number[]; total: number; distances?: Map<number, number | null> }> {
  const query = pageQuery(f, sort, page);
  const rows = (await db.execute<{ id: number; total: number; distance_m?: number | null }>(query))
    .rows;
  if (rows.length > 0) {
    const ids = rows.map((r) => r.id);
    const distances = f.near ? new Map(rows.map((r) => [r.id, r.distance_m ?? null])) : undefined;
    return { ids, total: rows[0]!.total, distances };
  }
  // Past the last page the window has no row to carry the total.
  const count = page.offset > 0 ? await db.execute<{ total: number }>(countQuery(f)) : undefined;
  return { ids: [], total: count?.rows[0]?.total ?? 0 };
}

/** Counts per category, city and price bucket among the events matching `f`. */
export async function facetCounts(
  db: Executor,
  f: EventFilters,
  wanted: readonly ('category' | 'city' | 'price')[],
): Promise<FacetCounts> {
  const where = whereOf(f);
  const out: FacetCounts = {};
  await Promise.all(
    wanted.map(async (facet) => {
      if (facet === 'category') {
        const r = await db.execute<{ value: string; count: number }>(
          withSearch(
            f,
            sql`SELECT e.category AS value, count(*)::int AS count FROM catalog_events e WHERE ${where}
             GROUP BY e.category ORDER BY count DESC, value`,
          ),
        );
        out.category = r.rows;
      } else if (facet === 'city') {
        const r = await db.execute<{ value: string; count: number }>(
          withSearch(
            f,
            sql`SELECT min(o.city) AS value, count(DISTINCT e.id)::int AS count
              FROM catalog_events e JOIN catalog_event_occurrences o ON o.event_id = e.id
             WHERE ${where} AND o.city <> ''
             GROUP BY catalog_fold(o.city) ORDER BY count DESC, value LIMIT 50`,
          ),
        );
        out.city = r.rows;
      } else {
        const buckets = sql.join(
          PRICE_BUCKETS.map((b) => sql`(${b.value}, ${b.min}::int, ${b.max ?? 2147483647}::int)`),
          sql`, `,
        );
        const r = await db.execute<{ value: string; count: number }>(
          withSearch(
            f,
            sql`SELECT b.value, count(*)::int AS count
              FROM catalog_events e JOIN (VALUES ${buckets}) AS b(value, lo, hi)
                ON EXISTS (SELECT 1 FROM unnest(e.prices) AS p WHERE p BETWEEN b.lo AND b.hi)
             WHERE ${where} GROUP BY b.value`,
          ),
        );
        const counts = new Map(r.rows.map((row) => [row.value, row.count]));
        out.price = PRICE_BUCKETS.map((b) => ({ ...b, count: counts.get(b.value) ?? 0 }));
      }
    }),
  );
  return out;
}

/** Tag autocomplete over published public events. */
export async function tagCounts(db: Executor, prefix: string, limit: number) {
  const r = await db.execute<{ value: string; count: number }>(sql`
    SELECT tag AS value, count(*)::int AS count
      FROM catalog_events e, unnest(e.tags) AS tag
     WHERE e.status = 'published' AND e.visibility = 'public' AND tag LIKE ${escapeLike(prefix)} || '%'
     GROUP BY tag ORDER BY count DESC, tag LIMIT ${limit}`);
  return r.rows;
}

/** City autocomplete over occurrences of published public events. */
export async function cityCounts(db: Executor, prefix: string, limit: number) {
  const r = await db.execute<{ value: string; count: number }>(sql`
    SELECT min(o.city) AS value, count(DISTINCT e.id)::int AS count
      FROM catalog_events e JOIN catalog_event_occurrences o ON o.event_id = e.id
     WHERE e.status = 'published' AND e.visibility = 'public' AND o.city <> ''
       AND catalog_fold(o.city) LIKE catalog_fold(${escapeLike(prefix)}) || '%'
     GROUP BY catalog_fold(o.city) ORDER BY count DESC, value LIMIT ${limit}`);
  return r.rows;
}

/** Makes user text literal inside LIKE. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
