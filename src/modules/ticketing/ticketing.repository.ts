import { and, asc, desc, eq, gt, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/database.js';
import {
  availabilityVersions,
  orders,
  reservationItems,
  reservations,
} from './ticketing.tables.js';

export type ReservationRow = typeof reservations.$inferSelect;
export type ReservationItemRow = typeof reservationItems.$inferSelect;
export type OrderRow = typeof orders.$inferSelect;

export interface Seats {
  ticketTypeId: number;
  quantity: number;
}

export type NewItem = Seats & { name: string; unitPriceMinor: number; currency: string };

/**
 * The one INSERT of reservations and of their items that every writer shares
 * (the two hold statements and waitlist offers), each followed by its own
 * row source; reservations are written `active`.
 */
export const INSERT_RESERVATIONS =
  'INSERT INTO ticketing_reservations (id, user_id, event_id, status, expires_at, waitlist_entry_id)';
export const INSERT_RESERVATION_ITEMS =
  'INSERT INTO ticketing_reservation_items (reservation_id, ticket_type_id, name, quantity, unit_price_minor, currency)';

/** Writes a reservation and its items in one statement; returns the reservation row. */
export async function insertReservation(
  tx: Tx,
  values: {
    userId: string;
    eventId: number;
    expiresAt: Date;
    waitlistEntryId?: string;
    items: NewItem[];
  },
): Promise<ReservationRow> {
  const rows = sql.join(
    values.items.map(
      (i) =>
        sql`(${i.ticketTypeId}::int, ${i.name}::text, ${i.quantity}::int, ${i.unitPriceMinor}::int, ${i.currency}::text)`,
    ),
    sql`, `,
  );
  const { rows: written } = await tx.execute<{
    id: string;
    created_at: string | Date;
    updated_at: string | Date;
  }>(sql`
    WITH r AS (
      ${sql.raw(INSERT_RESERVATIONS)}
      VALUES (DEFAULT, ${values.userId}, ${values.eventId}, 'active', ${values.expiresAt.toISOString()}::timestamptz,
              ${values.waitlistEntryId ?? null}::uuid)
      RETURNING id, created_at, updated_at),
    i AS (
      ${sql.raw(INSERT_RESERVATION_ITEMS)}
      SELECT r.id, v.* FROM r, (VALUES ${rows}) AS v(ticket_type_id, name, quantity, unit_price_minor, currency))
    SELECT id, created_at, updated_at FROM r`);
  const row = written[0]!;
  return {
    id: row.id,
    userId: values.userId,
    eventId: values.eventId,
    status: 'active',
    expiresAt: values.expiresAt,
    waitlistEntryId: values.waitlistEntryId ?? null,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

export async function itemsOf(db: Executor, reservationId: string): Promise<ReservationItemRow[]> {
  return db
    .select()
    .from(reservationItems)
    .where(eq(reservationItems.reservationId, reservationId))
    .orderBy(asc(reservationItems.ticketTypeId));
}

/** What a buyer may filter their reservations by; `active` and `expired` follow the clock. */
export type ReservationState = 'active' | 'expired' | 'released' | 'converted';

/** A page of a user's reservations, newest first, with the number matching. */
export async function reservationsOfUser(
  db: Executor,
  userId: string,
  filter: { state?: ReservationState; eventId?: number },
  pageOf: { limit: number; offset: number },
  now = new Date(),
): Promise<{ rows: ReservationRow[]; total: number }> {
  const conditions: SQL[] = [eq(reservations.userId, userId)];
  if (filter.eventId !== undefined) conditions.push(eq(reservations.eventId, filter.eventId));
  const lapsed = and(eq(reservations.status, 'active'), lte(reservations.expiresAt, now))!;
  if (filter.state === 'active')
    conditions.push(and(eq(reservations.status, 'active'), gt(reservations.expiresAt, now))!);
  else if (filter.state === 'expired')
    conditions.push(or(eq(reservations.status, 'expired'), lapsed)!);
  else if (filter.state) conditions.push(eq(reservations.status, filter.state));
  const where = and(...conditions);
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(reservations)
      .where(where)
      .orderBy(desc(reservations.createdAt), desc(reservations.id))
      .limit(pageOf.limit)
      .offset(pageOf.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(reservations)
      .where(where),
  ]);
  return { rows, total: count?.n ?? 0 };
}

/** The items of several reservations, by reservation, in ticket type order. */
export async function itemsOfMany(
  db: Executor,
  reservationIds: string[],
): Promise<Map<string, ReservationItemRow[]>> {
  const byReservation = new Map<string, ReservationItemRow[]>(reservationIds.map((id) => [id, []]));
  if (reservationIds.length === 0) return byReservation;
  const rows = await db
    .select()
    .from(reservationItems)
    .where(inArray(reservationItems.reservationId, reservationIds))
    .orderBy(asc(reservationItems.ticketTypeId));
  for (const row of rows) byReservation.get(row.reservationId)?.push(row);
  return byReservation;
}

export async function findReservation(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ReservationRow | undefined> {
  const query = db.select().from(reservations).where(eq(reservations.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function setReservationStatus(
  tx: Tx,
  id: string,
  status: ReservationRow['status'],
): Promise<void> {
  await tx
    .update(reservations)
    .set({ status, updatedAt: new Date() })
    .where(eq(reservations.id, id));
}

export interface Claimed {
  id: string;
  eventId: number;
}

/**
 * Claims active reservations past their expiry, of these ticket types or of
 * any. SKIP LOCKED: a reservation being checked out or expired by someone
 * else is theirs to finish.
 */
export async function claimExpiredReservations(
  tx: Tx,
  ticketTypeIds: number[] | undefined,
  limit = 200,
): Promise<Claimed[]> {
  const ofTypes = ticketTypeIds
    ? sql`AND EXISTS (SELECT 1 FROM ticketing_reservation_items i
                      WHERE i.reservation_id = r.id AND i.ticket_type_id = ANY (${sql.param(ticketTypeIds)}::int[]))`
    : sql``;
  const { rows } = await tx.execute<{ id: string; event_id: number }>(sql`
    SELECT r.id, r.event_id FROM ticketing_reservations r
    WHERE r.status = 'active' AND r.expires_at <= now() ${ofTypes}
    ORDER BY r.expires_at LIMIT ${limit}
    FOR UPDATE OF r SKIP LOCKED`);
  return rows.map((r) => ({ id: r.id, eventId: r.event_id }));
}

/** Sums seats per ticket type across reservations, in ticketTypeId order (the lock order). */
export async function seatsOfReservations(tx: Executor, ids: string[]): Promise<Seats[]> {
  if (ids.length === 0) return [];
  return tx
    .select({
      ticketTypeId: reservationItems.ticketTypeId,
      quantity: sql<number>`sum(${reservationItems.quantity})::int`.mapWith(Number),
    })
    .from(reservationItems)
    .where(inArray(reservationItems.reservationId, ids))
    .groupBy(reservationItems.ticketTypeId)
    .orderBy(asc(reservationItems.ticketTypeId));
}

export async function markReservations(
  tx: Tx,
  ids: string[],
  status: ReservationRow['status'],
): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .update(reservations)
    .set({ status, updatedAt: new Date() })
    .where(inArray(reservations.id, ids));
}

export async function findOrder(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<OrderRow | undefined> {
  const query = db.select().from(orders).where(eq(orders.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

/** Live orders and active reservations of an event, for the cancellation cascade. */
export async function liveOfEvent(tx: Tx, eventId: number) {
  const liveOrders = await tx
    .select({ id: orders.id })
    .from(orders)
    .where(
      and(eq(orders.eventId, eventId), inArray(orders.status, ['pending_payment', 'confirmed'])),
    )
    .orderBy(asc(orders.createdAt))
    .for('update');
  const activeReservations = await tx
    .select({ id: reservations.id })
    .from(reservations)
    .where(and(eq(reservations.eventId, eventId), eq(reservations.status, 'active')))
    .for('update');
  return {
    orderIds: liveOrders.map((o) => o.id),
    reservationIds: activeReservations.map((r) => r.id),
  };
}

/**
 * Every seat a user has of an event, as the per-person limit counts them:
 * active unexpired holds (waitlist offers too), pending orders' lines and
 * valid tickets (the same SQL rule the hold statement applies).
 */
export async function seatsOfUser(db: Executor, userId: string, eventId: number): Promise<number> {
  const { rows } = await db.execute<{ seats: number }>(
    sql`SELECT seats FROM ticketing_users_seats(ARRAY[${userId}]::uuid[], ${eventId}::int)`,
  );
  return rows[0]?.seats ?? 0;
}

/**
 * The seats a user has bought of an event (pending orders' lines, valid
 * tickets of confirmed orders; holds left out), after taking the user's own
 * lock for the event, the lock every hold of theirs takes: two checkouts of
 * the same user run one after the other, and the second counts the first.
 */
export async function lockUserBoughtSeats(
  tx: Tx,
  userId: string,
  eventId: number,
): Promise<number> {
  await tx.execute(
    sql`SELECT pg_advisory_xact_lock(ticketing_user_lock_key(${userId}::uuid, ${eventId}::int))`,
  );
  // A statement of its own: its snapshot is taken after the lock was granted.
  const { rows } = await tx.execute<{ seats: number }>(sql`
    SELECT (
      (SELECT coalesce(sum(l.quantity), 0) FROM ticketing_orders o
        JOIN ticketing_order_lines l ON l.order_id = o.id
        WHERE o.user_id = ${userId}::uuid AND o.event_id = ${eventId}::int AND o.status = 'pending_payment')
      + (SELECT count(*) FROM ticketing_tickets t JOIN ticketing_orders o ON o.id = t.order_id
        WHERE t.user_id = ${userId}::uuid AND t.event_id = ${eventId}::int
          AND t.status = 'valid' AND o.status = 'confirmed'))::int AS seats`);
  return rows[0]?.seats ?? 0;
}

/**
 * Whether the user holds a valid ticket of the event: not cancelled, of a
 * confirmed order (a refunded or cancelled order voids its tickets).
 */
export async function holdsValidTicket(
  db: Executor,
  userId: string,
  eventId: number,
): Promise<boolean> {
  const { rows } = await db.execute<{ holds: boolean }>(sql`
    SELECT EXISTS (
      SELECT 1 FROM ticketing_tickets t JOIN ticketing_orders o ON o.id = t.order_id
      WHERE t.user_id = ${userId}::uuid AND t.event_id = ${eventId}::int
        AND t.status = 'valid' AND o.status = 'confirmed') AS holds`);
  return rows[0]?.holds === true;
}

/** Takes the next announcement version of each type, locking its row (in id order) until commit. */
export async function nextAvailabilityVersions(
  tx: Tx,
  eventId: number,
  sortedIds: number[],
): Promise<Map<number, number>> {
  const rows = await tx
    .insert(availabilityVersions)
    .values(sortedIds.map((ticketTypeId) => ({ ticketTypeId, eventId, version: 1 })))
    .onConflictDoUpdate({
      target: availabilityVersions.ticketTypeId,
      set: { version: sql`${availabilityVersions.version} + 1` },
    })
    .returning({ id: availabilityVersions.ticketTypeId, version: availabilityVersions.version });
  return new Map(rows.map((r) => [r.id, r.version]));
}

/** An event's running totals for its organizer's live view. */
export interface EventSalesTotals {
  /** Valid tickets of confirmed orders. */
  ticketsSold: number;
  /** Of those, how many are checked in (at any occurrence, undone scans left out). */
  checkedIn: number;
  /** What those tickets were sold for, per currency (usually one), in minor units. */
  revenue: { currency: string; amountMinor: number }[];
}

/**
 * The event's running totals in one query: tickets sold, their revenue (the
 * price of every still valid ticket of a confirmed order, as the sales
 * summary counts it) and how many of them are checked in.
 */
export async function eventSalesTotals(db: Executor, eventId: number): Promise<EventSalesTotals> {
  const { rows } = await db.execute<{
    tickets_sold: number;
    checked_in: number;
    revenue: { currency: string; amountMinor: number }[];
  }>(sql`
    WITH sold AS (
      SELECT t.id, o.currency, l.unit_price_minor
      FROM ticketing_tickets t
      JOIN ticketing_orders o ON o.id = t.order_id
      JOIN ticketing_order_lines l ON l.order_id = t.order_id AND l.ticket_type_id = t.ticket_type_id
      WHERE t.event_id = ${eventId}::int AND t.status = 'valid' AND o.status = 'confirmed')
    SELECT
      (SELECT count(*) FROM sold)::int AS tickets_sold,
      (SELECT count(DISTINCT c.ticket_id) FROM ticketing_check_ins c JOIN sold s ON s.id = c.ticket_id
        WHERE c.event_id = ${eventId}::int AND c.undone_at IS NULL)::int AS checked_in,
      (SELECT coalesce(json_agg(json_build_object('currency', r.currency, 'amountMinor', r.amount)
                                ORDER BY r.currency), '[]'::json)
        FROM (SELECT currency, sum(unit_price_minor) AS amount FROM sold GROUP BY currency) r
      ) AS revenue`);
  const row = rows[0]!;
  return { ticketsSold: row.tickets_sold, checkedIn: row.checked_in, revenue: row.revenue };
}
