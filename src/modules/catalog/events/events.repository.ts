import { eq, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../../platform/db/database.js';
import type { occurrences, ticketTypes } from '../catalog.tables.js';
import { events } from '../catalog.tables.js';
import type { EventView } from './events.schemas.js';
import { etagOf } from '../../../platform/http/etag.js';
import { CHANGE_CHANNEL, LISTS_CHANGED } from './event-cache.js';

type EventRow = typeof events.$inferSelect;
type OccurrenceRow = typeof occurrences.$inferSelect;
type TicketTypeRow = typeof ticketTypes.$inferSelect;

const iso = (value: Date | null) => (value ? value.toISOString() : null);

function occurrenceView(o: OccurrenceRow): EventView['occurrences'][number] {
  return {
    id: o.id,
    startsAt: o.startsAt.toISOString(),
    endsAt: o.endsAt.toISOString(),
    venueName: o.venueName,
    address: o.address,
    city: o.city,
    country: o.country,
    latitude: o.latitude,
    longitude: o.longitude,
    onlineUrl: o.onlineUrl,
  };
}

function ticketTypeView(t: TicketTypeRow): EventView['ticketTypes'][number] {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    priceMinor: t.priceMinor,
    currency: t.currency,
    capacity: t.capacity,
    sold: t.sold,
    held: t.held,
    available: t.capacity - t.sold - t.held,
    salesStart: iso(t.salesStart),
    salesEnd: iso(t.salesEnd),
    minPerOrder: t.minPerOrder,
    maxPerOrder: t.maxPerOrder,
  };
}

function eventView(e: EventRow, occ: OccurrenceRow[], types: TicketTypeRow[]): EventView {
  const cheapest = types.reduce<TicketTypeRow | undefined>(
    (min, t) => (!min || t.priceMinor < min.priceMinor ? t : min),
    undefined,
  );
  return {
    id: e.id,
    title: e.title,
    description: e.description,
    category: e.category,
    tags: e.tags,
    image: e.image,
    organizer: { id: e.organizerId, name: e.organizerName },
    status: e.status as EventView['status'],
    visibility: e.visibility as EventView['visibility'],
    timeZone: e.timeZone,
    startsAt: iso(e.firstStartsAt),
    endsAt: iso(e.lastEndsAt),
    priceFrom: cheapest ? { priceMinor: cheapest.priceMinor, currency: cheapest.currency } : null,
    available: types.reduce((sum, t) => sum + t.capacity - t.sold - t.held, 0),
    occurrences: occ.map(occurrenceView),
    ticketTypes: types.map(ticketTypeView),
    templateId: e.templateId,
    version: e.version,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
    publishedAt: iso(e.publishedAt),
    cancelledAt: iso(e.cancelledAt),
    cancellationReason: e.cancelReason ?? null,
  };
}

type ViewRow = {
  id: number;
  organizer_id: string;
  organizer_name: string;
  title: string;
  description: string;
  category: string;
  tags: string[];
  image: string | null;
  status: string;
  visibility: string;
  time_zone: string;
  template_id: number | null;
  version: number;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
  first_starts_at: string | null;
  last_ends_at: string | null;
  occ: (Omit<OccurrenceRow, 'startsAt' | 'endsAt'> & { startsAt: string; endsAt: string })[];
  types: (Omit<TicketTypeRow, 'salesStart' | 'salesEnd'> & {
    salesStart: string | null;
    salesEnd: string | null;
  })[];
};

const toDate = (value: string | null) => (value === null ? null : new Date(value));

/**
 * Full views of the given events in the order of `ids` (missing ids are
 * skipped), in one round trip: parts come back as JSON aggregates.
 */
export async function loadEventViews(db: Executor, ids: number[]): Promise<EventView[]> {
  if (ids.length === 0) return [];
  const idList = `{${ids.map(Number).join(',')}}`;
  const result = await db.execute<ViewRow>(sql`
    SELECT e.id, e.organizer_id, e.organizer_name, e.title, e.description, e.category, e.tags,
           e.image, e.status, e.visibility, e.time_zone, e.template_id, e.version, e.created_at,
           e.updated_at, e.published_at, e.cancelled_at, e.cancel_reason, e.first_starts_at, e.last_ends_at,
           coalesce((SELECT json_agg(json_build_object(
               'id', o.id, 'eventId', o.event_id, 'startsAt', o.starts_at, 'endsAt', o.ends_at,
               'venueName', o.venue_name, 'address', o.address, 'city', o.city, 'country', o.country,
               'latitude', o.latitude, 'longitude', o.longitude, 'onlineUrl', o.online_url)
               ORDER BY o.starts_at, o.id)
             FROM catalog_event_occurrences o WHERE o.event_id = e.id), '[]') AS occ,
           coalesce((SELECT json_agg(json_build_object(
               'id', t.id, 'eventId', t.event_id, 'name', t.name, 'description', t.description,
               'priceMinor', t.price_minor, 'currency', t.currency, 'capacity', t.capacity,
               'sold', t.sold, 'held', t.held, 'salesStart', t.sales_start, 'salesEnd', t.sales_end,
               'minPerOrder', t.min_per_order, 'maxPerOrder', t.max_per_order)
               ORDER BY t.sort_order, t.id)
             FROM catalog_ticket_types t WHERE t.event_id = e.id), '[]') AS types
      FROM catalog_events e WHERE e.id = ANY(${idList}::int[])`);
  const byId = new Map(result.rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const row = {
      id: r.id,
      organizerId: r.organizer_id,
      organizerName: r.organizer_name,
      title: r.title,
      description: r.description,
      category: r.category,
      tags: r.tags,
      image: r.image,
      status: r.status,
      visibility: r.visibility,
      timeZone: r.time_zone,
      templateId: r.template_id,
      version: r.version,
      createdAt: new Date(r.created_at),
      updatedAt: new Date(r.updated_at),
      publishedAt: toDate(r.published_at),
      cancelledAt: toDate(r.cancelled_at),
      cancelReason: r.cancel_reason,
      firstStartsAt: toDate(r.first_starts_at),
      lastEndsAt: toDate(r.last_ends_at),
    } as EventRow;
    const occ = r.occ.map((o) => ({
      ...o,
      startsAt: new Date(o.startsAt),
      endsAt: new Date(o.endsAt),
    }));
    const types = r.types.map((t) => ({
      ...t,
      salesStart: toDate(t.salesStart),
      salesEnd: toDate(t.salesEnd),
    }));
    return [eventView(row, occ as OccurrenceRow[], types as TicketTypeRow[])];
  });
}

/** One event's full view, or null. */
export async function loadEventView(db: Executor, id: number): Promise<EventView | null> {
  return (await loadEventViews(db, [id]))[0] ?? null;
}

/** The event row alone (for access checks and versions), locked when `forUpdate`. */
export async function findEventRow(
  db: Executor,
  id: number,
  forUpdate = false,
): Promise<EventRow | undefined> {
  const query = db.select().from(events).where(eq(events.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** Recomputes an event's derived search columns after any change to it or its parts. */
export async function refreshEvents(db: Executor, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(
    sql`SELECT catalog_refresh_events(${sql.raw(`ARRAY[${ids.map(Number).join(',')}]`)}::integer[])`,
  );
}

/** Marks an event changed: bumps its version (ETag) and updatedAt. */
export async function touchEvent(db: Executor, id: number): Promise<void> {
  await db
    .update(events)
    .set({ version: sql`${events.version} + 1`, updatedAt: sql`now()` })
    .where(eq(events.id, id));
}

/** A strong validator for the event as served: its version plus its live counters. */
export function eventEtag(view: EventView): string {
  const counters = view.ticketTypes.map((t) => `${t.id}:${t.sold}:${t.held}`).join(',');
  return etagOf(view.id, `${view.version}|${counters}`);
}

/**
 * Stores community's popularity scores so the public list can sort by them.
 * `scores` is a complete snapshot: an event missing from it falls back to 0.
 * Only rows whose value changes are written, and nothing else on them: the
 * score is not part of the event's representation, so its version, updatedAt
 * and ETag stay, and the events trigger skips a popularity-only change
 * (migration 0010), so cached event pages survive. One notification at
 * commit drops every process's cached list pages, whose order may have
 * changed. Ids the catalogue does not know are ignored. Returns how many
 * events changed.
 */
export async function setEventPopularity(
  tx: Tx,
  scores: ReadonlyMap<number, number>,
): Promise<number> {
  const entries = [...scores].filter(
    ([id, score]) => Number.isInteger(id) && Number.isFinite(score),
  );
  const ids = `{${entries.map(([id]) => id).join(',')}}`;
  const values = `{${entries.map(([, score]) => score).join(',')}}`;
  const result = await tx.execute(sql`
    WITH score AS (SELECT * FROM unnest(${ids}::int[], ${values}::float8[]) AS s(id, value))
    UPDATE catalog_events e SET popularity = t.value
      FROM (SELECT id, value FROM score
            UNION ALL
            SELECT z.id, 0 FROM catalog_events z
             WHERE z.popularity <> 0 AND NOT EXISTS (SELECT 1 FROM score WHERE score.id = z.id)) t
     WHERE e.id = t.id AND e.popularity IS DISTINCT FROM t.value`);
  const changed = result.rowCount ?? 0;
  if (changed > 0) await tx.execute(sql`SELECT pg_notify(${CHANGE_CHANNEL}, ${LISTS_CHANGED})`);
  return changed;
}
