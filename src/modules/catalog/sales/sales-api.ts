import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../../platform/db/database.js';
import { events, occurrences, ticketTypes } from '../catalog.tables.js';

/** A ticket type as ticketing sees it when selling. */
export interface TicketTypeForSale {
  id: number;
  eventId: number;
  name: string;
  priceMinor: number;
  currency: string;
  capacity: number;
  sold: number;
  held: number;
  available: number;
  salesStart: Date | null;
  salesEnd: Date | null;
  minPerOrder: number;
  maxPerOrder: number;
}

/** An event as ticketing sees it when selling. */
export interface EventForSale {
  id: number;
  title: string;
  status: 'draft' | 'published' | 'cancelled' | 'completed';
  visibility: 'public' | 'unlisted';
  organizerId: string;
  timeZone: string;
  firstStartsAt: Date | null;
  lastEndsAt: Date | null;
  /** The organizer's reason, once the event is cancelled (null when none was given). */
  cancelReason: string | null;
  ticketTypes: TicketTypeForSale[];
}

const saleColumns = {
  id: ticketTypes.id,
  eventId: ticketTypes.eventId,
  name: ticketTypes.name,
  priceMinor: ticketTypes.priceMinor,
  currency: ticketTypes.currency,
  capacity: ticketTypes.capacity,
  sold: ticketTypes.sold,
  held: ticketTypes.held,
  available:
    sql<number>`${ticketTypes.capacity} - ${ticketTypes.sold} - ${ticketTypes.held}`.mapWith(
      Number,
    ),
  salesStart: ticketTypes.salesStart,
  salesEnd: ticketTypes.salesEnd,
  minPerOrder: ticketTypes.minPerOrder,
  maxPerOrder: ticketTypes.maxPerOrder,
};

/** The event and its ticket types with live availability, or null when it does not exist. */
export async function getEventForSale(db: Executor, eventId: number): Promise<EventForSale | null> {
  const [event] = await db
    .select({
      id: events.id,
      title: events.title,
      status: events.status,
      visibility: events.visibility,
      organizerId: events.organizerId,
      timeZone: events.timeZone,
      firstStartsAt: events.firstStartsAt,
      lastEndsAt: events.lastEndsAt,
      cancelReason: events.cancelReason,
    })
    .from(events)
    .where(eq(events.id, eventId));
  if (!event) return null;
  const types = await db
    .select(saleColumns)
    .from(ticketTypes)
    .where(eq(ticketTypes.eventId, eventId))
    .orderBy(asc(ticketTypes.sortOrder), asc(ticketTypes.id));
  return {
    ...event,
    status: event.status as EventForSale['status'],
    visibility: event.visibility as EventForSale['visibility'],
    ticketTypes: types,
  };
}

/** An occurrence (date) of an event, as ticketing sees it at the door. */
export interface OccurrenceForSale {
  id: number;
  startsAt: Date;
  endsAt: Date;
}

/** The event's occurrences in time order (empty when the event does not exist). */
export async function getEventOccurrences(
  db: Executor,
  eventId: number,
): Promise<OccurrenceForSale[]> {
  return db
    .select({ id: occurrences.id, startsAt: occurrences.startsAt, endsAt: occurrences.endsAt })
    .from(occurrences)
    .where(eq(occurrences.eventId, eventId))
    .orderBy(asc(occurrences.startsAt), asc(occurrences.id));
}

async function availableOf(tx: Tx, ticketTypeId: number): Promise<number> {
  const [row] = await tx
    .select({ available: saleColumns.available })
    .from(ticketTypes)
    .where(eq(ticketTypes.id, ticketTypeId));
  return row?.available ?? 0;
}

function assertQuantity(quantity: number): void {
  if (!Number.isInteger(quantity) || quantity <= 0) {
    throw new RangeError(`quantity must be a positive integer, got ${quantity}`);
  }
}

/** Applies one guarded counter change; the CHECK constraint is the last line of defence. */
async function move(
  tx: Tx,
  ticketTypeId: number,
  set: Record<string, unknown>,
  guard: ReturnType<typeof sql>,
  what: string,
): Promise<void> {
  const rows = await tx
    .update(ticketTypes)
    .set(set)
    .where(and(eq(ticketTypes.id, ticketTypeId), guard))
    .returning({ id: ticketTypes.id });
  if (rows.length === 0) {
    throw new Error(
      `inventory.${what}: ticket type ${ticketTypeId} does not have enough to ${what}`,
    );
  }
}

/**
 * Ticket counters for ticketing. Each operation is one conditional UPDATE, so
 * concurrent buyers can never push sold + held past capacity.
 */
export const inventory = {
  /** Reserves `quantity` if that many are available; otherwise ok:false with what is left. */
  async hold(
    tx: Tx,
    ticketTypeId: number,
    quantity: number,
  ): Promise<{ ok: boolean; available: number }> {
    assertQuantity(quantity);
    const rows = await tx
      .update(ticketTypes)
      .set({ held: sql`${ticketTypes.held} + ${quantity}` })
      .where(
        and(
          eq(ticketTypes.id, ticketTypeId),
          sql`${ticketTypes.capacity} - ${ticketTypes.sold} - ${ticketTypes.held} >= ${quantity}`,
        ),
      )
      .returning({ available: saleColumns.available });
    if (rows[0]) return { ok: true, available: rows[0].available };
    return { ok: false, available: await availableOf(tx, ticketTypeId) };
  },

  /** Gives held tickets back (a reservation expired or was abandoned). */
  async release(tx: Tx, ticketTypeId: number, quantity: number): Promise<void> {
    assertQuantity(quantity);
    await move(
      tx,
      ticketTypeId,
      { held: sql`${ticketTypes.held} - ${quantity}` },
      sql`${ticketTypes.held} >= ${quantity}`,
      'release',
    );
  },

  /**
   * An order of the event was created (whether paid or not): the event keeps
   * its row for it (buyers' history, refunds), so it can no longer be deleted.
   * Call it before moving the order's counters: edits lock the event before
   * its ticket types, the same order, so no deadlock. Written once per event:
   * later orders find it set and take no lock on it.
   */
  async recordOrder(tx: Tx, eventId: number): Promise<void> {
    await tx
      .update(events)
      .set({ hasOrders: true })
      .where(and(eq(events.id, eventId), eq(events.hasOrders, false)));
  },

  /** Turns held tickets into sold ones (payment confirmed). */
  async confirm(tx: Tx, ticketTypeId: number, quantity: number): Promise<void> {
    assertQuantity(quantity);
    await move(
      tx,
      ticketTypeId,
      {
        held: sql`${ticketTypes.held} - ${quantity}`,
        sold: sql`${ticketTypes.sold} + ${quantity}`,
      },
      sql`${ticketTypes.held} >= ${quantity}`,
      'confirm',
    );
  },

  /** Returns sold tickets to sale (refund or cancellation). */
  async unsell(tx: Tx, ticketTypeId: number, quantity: number): Promise<void> {
    assertQuantity(quantity);
    await move(
      tx,
      ticketTypeId,
      { sold: sql`${ticketTypes.sold} - ${quantity}` },
      sql`${ticketTypes.sold} >= ${quantity}`,
      'unsell',
    );
  },
};
