import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.js';
import { events, occurrences, ticketTypes } from './catalog.tables.js';
import type { EventView } from './events.schemas.js';
import { etagOf } from '../../platform/http/etag.js';

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
  };
}

function groupBy<T extends { eventId: number }>(rows: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const list = map.get(row.eventId);
    if (list) list.push(row);
    else map.set(row.eventId, [row]);
  }
  return map;
}

/** Full views of the given events, in the order of `ids` (missing ids are skipped). */
export async function loadEventViews(db: Executor, ids: number[]): Promise<EventView[]> {
  if (ids.length === 0) return [];
  const [rows, occ, types] = await Promise.all([
    db.select().from(events).where(inArray(events.id, ids)),
    db
      .select()
      .from(occurrences)
      .where(inArray(occurrences.eventId, ids))
      .orderBy(asc(occurrences.startsAt), asc(occurrences.id)),
    db
      .select()
      .from(ticketTypes)
      .where(inArray(ticketTypes.eventId, ids))
      .orderBy(asc(ticketTypes.sortOrder), asc(ticketTypes.id)),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const occBy = groupBy(occ);
  const typesBy = groupBy(types);
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [eventView(row, occBy.get(id) ?? [], typesBy.get(id) ?? [])] : [];
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
