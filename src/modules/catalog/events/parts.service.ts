import { and, count, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/database.js';
import { AppError, invalidField } from '../../../platform/http/errors.js';
import { occurrences, ticketTypes } from '../catalog.tables.js';
import {
  DEFAULT_DURATION_MS,
  assertNoErrors,
  occurrenceErrors,
  ticketTypeErrors,
} from './events.rules.js';
import type {
  OccurrenceInput,
  OccurrencePatch,
  TicketTypeInput,
  TicketTypePatch,
} from './events.schemas.js';
import { CATALOG_ERRORS } from '../catalog.errors.js';

const toDate = (value: string | null | undefined) =>
  value === undefined ? undefined : value === null ? null : new Date(value);

function occurrenceValues(o: OccurrencePatch) {
  return {
    startsAt: toDate(o.startsAt) ?? undefined,
    endsAt: toDate(o.endsAt) ?? undefined,
    venueName: o.venueName?.trim(),
    address: o.address?.trim(),
    city: o.city?.trim(),
    country: o.country,
    latitude: o.latitude,
    longitude: o.longitude,
    onlineUrl: o.onlineUrl,
  };
}

function ticketTypeValues(t: TicketTypePatch) {
  return {
    name: t.name?.trim(),
    description: t.description,
    priceMinor: t.priceMinor,
    currency: t.currency,
    capacity: t.capacity,
    salesStart: toDate(t.salesStart),
    salesEnd: toDate(t.salesEnd),
    minPerOrder: t.minPerOrder,
    maxPerOrder: t.maxPerOrder,
  };
}

/** Adds an occurrence; a missing end defaults to two hours after the start. */
export async function insertOccurrence(tx: Tx, eventId: number, o: OccurrenceInput, field: string) {
  const startsAt = new Date(o.startsAt);
  const endsAt = o.endsAt ? new Date(o.endsAt) : new Date(startsAt.getTime() + DEFAULT_DURATION_MS);
  assertNoErrors(occurrenceErrors({ ...o, endsAt: endsAt.toISOString() }, field));
  const [row] = await tx
    .insert(occurrences)
    .values({ ...occurrenceValues(o), eventId, startsAt, endsAt })
    .returning({ id: occurrences.id });
  return row!.id;
}

/** True when a patch's values set at least one column (an empty SET is an SQL error). */
const setsAny = (values: Record<string, unknown>) =>
  Object.values(values).some((v) => v !== undefined);

/**
 * Changes the given fields of one of the event's occurrences (404 when it is
 * not the event's); false when the patch names no field (nothing changed).
 */
export async function updateOccurrence(
  tx: Tx,
  eventId: number,
  occurrenceId: number,
  patch: OccurrencePatch,
  field: string,
): Promise<boolean> {
  const [current] = await tx
    .select()
    .from(occurrences)
    .where(and(eq(occurrences.id, occurrenceId), eq(occurrences.eventId, eventId)));
  if (!current)
    throw new AppError(CATALOG_ERRORS.occurrenceNotFound, 404, 'The occurrence was not found.');
  const merged = {
    startsAt: patch.startsAt ?? current.startsAt.toISOString(),
    endsAt: patch.endsAt ?? current.endsAt.toISOString(),
    latitude: patch.latitude === undefined ? current.latitude : patch.latitude,
    longitude: patch.longitude === undefined ? current.longitude : patch.longitude,
  };
  assertNoErrors(occurrenceErrors(merged, field));
  const values = occurrenceValues(patch);
  if (!setsAny(values)) return false;
  await tx.update(occurrences).set(values).where(eq(occurrences.id, occurrenceId));
  return true;
}

/** Removes one occurrence of the event. */
export async function deleteOccurrence(
  tx: Tx,
  eventId: number,
  occurrenceId: number,
): Promise<void> {
  const rows = await tx
    .delete(occurrences)
    .where(and(eq(occurrences.id, occurrenceId), eq(occurrences.eventId, eventId)))
    .returning({ id: occurrences.id });
  if (!rows.length)
    throw new AppError(CATALOG_ERRORS.occurrenceNotFound, 404, 'The occurrence was not found.');
}

/** Makes the event's occurrences exactly `list`: items with an id update, others are added. */
export async function syncOccurrences(tx: Tx, eventId: number, list: OccurrenceInput[]) {
  const keep = list.flatMap((o) => (o.id ? [o.id] : []));
  await tx
    .delete(occurrences)
    .where(
      keep.length
        ? and(eq(occurrences.eventId, eventId), notInArray(occurrences.id, keep))
        : eq(occurrences.eventId, eventId),
    );
  for (const [index, o] of list.entries()) {
    const field = `body.occurrences.${index}`;
    if (o.id) {
      const { id, ...rest } = o;
      await updateOccurrence(tx, eventId, id, { ...rest, endsAt: rest.endsAt }, field);
    } else await insertOccurrence(tx, eventId, o, field);
  }
}

/** Adds a ticket type. */
export async function insertTicketType(tx: Tx, eventId: number, t: TicketTypeInput, field: string) {
  assertNoErrors(
    ticketTypeErrors(
      { ...t, minPerOrder: t.minPerOrder ?? 1, maxPerOrder: t.maxPerOrder ?? 10 },
      field,
    ),
  );
  const [{ next } = { next: 0 }] = await tx
    .select({ next: sql<number>`coalesce(max(${ticketTypes.sortOrder}) + 1, 0)`.mapWith(Number) })
    .from(ticketTypes)
    .where(eq(ticketTypes.eventId, eventId));
  const [row] = await tx
    .insert(ticketTypes)
    .values({
      ...ticketTypeValues(t),
      name: t.name.trim(),
      priceMinor: t.priceMinor,
      currency: t.currency,
      capacity: t.capacity,
      eventId,
      sortOrder: next,
    })
    .returning({ id: ticketTypes.id });
  return row!.id;
}

const ticketTypeNotFound = () =>
  new AppError(CATALOG_ERRORS.ticketTypeNotFound, 404, 'The ticket type was not found.');

/**
 * Changes a ticket type; capacity can never drop below what is sold or held.
 * False when the patch names no field (nothing changed).
 */
export async function updateTicketType(
  tx: Tx,
  eventId: number,
  ticketTypeId: number,
  patch: TicketTypePatch,
  field: string,
): Promise<boolean> {
  const [current] = await tx
    .select()
    .from(ticketTypes)
    .where(and(eq(ticketTypes.id, ticketTypeId), eq(ticketTypes.eventId, eventId)))
    .for('update');
  if (!current) throw ticketTypeNotFound();
  assertNoErrors(
    ticketTypeErrors(
      {
        salesStart:
          patch.salesStart === undefined ? current.salesStart?.toISOString() : patch.salesStart,
        salesEnd: patch.salesEnd === undefined ? current.salesEnd?.toISOString() : patch.salesEnd,
        minPerOrder: patch.minPerOrder ?? current.minPerOrder,
        maxPerOrder: patch.maxPerOrder ?? current.maxPerOrder,
      },
      field,
    ),
  );
  const taken = current.sold + current.held;
  if (patch.capacity !== undefined && patch.capacity < taken) {
    throw new AppError(
      CATALOG_ERRORS.capacityBelowSold,
      409,
      `Capacity cannot go below the ${taken} tickets already sold or held.`,
      { sold: current.sold, held: current.held },
      [{ field: `${field}.capacity`, message: `must be at least ${taken}` }],
    );
  }
  if (current.sold + current.held > 0 && patch.currency && patch.currency !== current.currency) {
    throw invalidField(`${field}.currency`, 'cannot change once tickets were sold');
  }
  const values = ticketTypeValues(patch);
  if (!setsAny(values)) return false;
  await tx.update(ticketTypes).set(values).where(eq(ticketTypes.id, ticketTypeId));
  return true;
}

const hasSales = () =>
  new AppError(
    CATALOG_ERRORS.ticketTypeHasSales,
    409,
    'Tickets of this type were sold or are held; it cannot be deleted.',
  );

/** Deletes a ticket type that nothing was sold or held of. */
export async function deleteTicketType(tx: Tx, eventId: number, ticketTypeId: number) {
  const [current] = await tx
    .select({ sold: ticketTypes.sold, held: ticketTypes.held })
    .from(ticketTypes)
    .where(and(eq(ticketTypes.id, ticketTypeId), eq(ticketTypes.eventId, eventId)))
    .for('update');
  if (!current) throw ticketTypeNotFound();
  if (current.sold + current.held > 0) throw hasSales();
  await tx.delete(ticketTypes).where(eq(ticketTypes.id, ticketTypeId));
}

/** Makes the event's ticket types exactly `list`; types with sales cannot disappear. */
export async function syncTicketTypes(tx: Tx, eventId: number, list: TicketTypeInput[]) {
  const keep = list.flatMap((t) => (t.id ? [t.id] : []));
  const existing = await tx
    .select({ id: ticketTypes.id, sold: ticketTypes.sold, held: ticketTypes.held })
    .from(ticketTypes)
    .where(eq(ticketTypes.eventId, eventId))
    .for('update');
  const dropped = existing.filter((t) => !keep.includes(t.id));
  if (dropped.some((t) => t.sold + t.held > 0)) throw hasSales();
  if (dropped.length)
    await tx.delete(ticketTypes).where(
      inArray(
        ticketTypes.id,
        dropped.map((t) => t.id),
      ),
    );
  for (const [index, t] of list.entries()) {
    const field = `body.ticketTypes.${index}`;
    if (t.id) {
      const { id, ...rest } = t;
      await updateTicketType(tx, eventId, id, rest, field);
    } else await insertTicketType(tx, eventId, t, field);
  }
}

/** Tickets sold or held over all of the event's ticket types. */
export async function ticketsTaken(tx: Tx, eventId: number): Promise<number> {
  const [row] = await tx
    .select({
      taken: sql<number>`coalesce(sum(${ticketTypes.sold} + ${ticketTypes.held}), 0)`.mapWith(
        Number,
      ),
    })
    .from(ticketTypes)
    .where(eq(ticketTypes.eventId, eventId));
  return row?.taken ?? 0;
}

/**
 * A published event keeps at least one occurrence and one ticket type, however
 * an edit removed them (DELETE of a part, PATCH or PUT of the lists): checked
 * after the edit, inside its transaction, so a refused edit leaves nothing.
 */
export async function assertKeepsParts(tx: Tx, eventId: number): Promise<void> {
  for (const [part, table] of [
    ['occurrence', occurrences],
    ['ticket type', ticketTypes],
  ] as const) {
    const [row] = await tx.select({ n: count() }).from(table).where(eq(table.eventId, eventId));
    if ((row?.n ?? 0) === 0) {
      throw new AppError(
        CATALOG_ERRORS.lastPart,
        409,
        `A published event needs at least one ${part}; add another first or cancel the event.`,
      );
    }
  }
}
