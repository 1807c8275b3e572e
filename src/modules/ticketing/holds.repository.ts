import type pg from 'pg';
import { outboxInsertSql } from '../../platform/events/outbox.js';
import { TICKETING_EVENTS } from './ticketing.events.js';
import type { NewItem } from './ticketing.repository.js';

/**
 * A whole hold as ONE statement, sent as one round trip and committed on its
 * own (no BEGIN/COMMIT): the per-person limit and the seats
 * (`ticketing_hold_seats`, which locks the user, counts, then takes the seats
 * all or nothing through the catalogue's guarded UPDATE), then, only if every
 * seat was held, the reservation, its items and its
 * `ticketing.reservation.created` event. Data-modifying CTEs run to completion
 * whatever the final SELECT reads, and the inserts depend on `hold`'s rows, so
 * the seats are taken first and nothing is written when they were not. The
 * hot ticket type rows stay locked only for the inserts and the commit, all
 * inside the server. `set_config(..., true)` applies to this statement's
 * transaction only: asynchronous commit, see
 * docs/adr/0007-ticketing-holds-async-commit.md.
 */
const HOLD_SQL = `
WITH hold AS MATERIALIZED (
  SELECT * FROM ticketing_hold_seats($1::uuid, $2::int, $3::int[], $4::int[], $5::int)),
complete AS MATERIALIZED (
  SELECT count(*) FILTER (WHERE held) = cardinality($3::int[]) AS ok FROM hold),
r AS (
  INSERT INTO ticketing_reservations (id, user_id, event_id, status, expires_at)
  SELECT $6::uuid, $1::uuid, $2::int, 'active', $7::timestamptz FROM complete WHERE complete.ok
  RETURNING id, created_at),
items AS (
  INSERT INTO ticketing_reservation_items
    (reservation_id, ticket_type_id, name, quantity, unit_price_minor, currency)
  SELECT r.id, v.* FROM r, unnest($3::int[], $8::text[], $4::int[], $9::int[], $10::text[]) AS v
  RETURNING 1),
announced AS (
  ${outboxInsertSql('r', `'${TICKETING_EVENTS.reservationCreated}'`, '$11')})
SELECT
  set_config('synchronous_commit', $12::text, true) AS commit_mode,
  (SELECT created_at FROM r) AS created_at,
  (SELECT count(*) FROM items)::int AS items,
  (SELECT count(*) FROM announced)::int AS announced,
  -- No rows when a type vanished after the sale rules were read: then it has 0 left.
  (SELECT coalesce(json_agg(hold ORDER BY hold.ticket_type_id), '[]'::json) FROM hold) AS seats,
  CASE WHEN NOT (SELECT ok FROM complete) THEN (
    SELECT min(lr.expires_at) FROM ticketing_reservations lr
    JOIN ticketing_reservation_items li ON li.reservation_id = lr.id
    WHERE lr.status = 'active' AND li.ticket_type_id = ANY ($3::int[]))
  END AS next_lapse,
  now() AS now`;

export interface HoldRequest {
  reservationId: string;
  userId: string;
  eventId: number;
  expiresAt: Date;
  /** In ticketTypeId order. */
  items: NewItem[];
  maxPerUser: number;
  asyncCommit: boolean;
}

export type HoldOutcome =
  | { kind: 'held'; createdAt: Date }
  | { kind: 'limit'; seatsBefore: number }
  /**
   * Some type was short: what is left of each, whether lapsed holds could be
   * swept, and when the next active hold on these types lapses (null: none).
   */
  | { kind: 'short'; available: Map<number, number>; lapsed: boolean; nextLapse: Date | null };

interface HoldRow {
  created_at: Date | null;
  seats: {
    seats_before: number;
    ticket_type_id: number | null;
    available: number | null;
    held: boolean;
  }[];
  next_lapse: Date | null;
  now: Date;
}

/** Runs the one-statement hold on a pooled connection (a named, prepared statement). */
export async function holdInOneStatement(
  pool: pg.Pool,
  request: HoldRequest,
): Promise<HoldOutcome> {
  const { items } = request;
  const { rows } = await pool.query<HoldRow>({
    name: 'ticketing_hold',
    text: HOLD_SQL,
    values: [
      request.userId,
      request.eventId,
      items.map((i) => i.ticketTypeId),
      items.map((i) => i.quantity),
      request.maxPerUser,
      request.reservationId,
      request.expiresAt.toISOString(),
      items.map((i) => i.name),
      items.map((i) => i.unitPriceMinor),
      items.map((i) => i.currency),
      JSON.stringify({
        reservationId: request.reservationId,
        eventId: request.eventId,
        userId: request.userId,
        seats: items.reduce((sum, i) => sum + i.quantity, 0),
        expiresAt: request.expiresAt.toISOString(),
      }),
      request.asyncCommit ? 'off' : 'on',
    ],
  });
  const row = rows[0]!;
  if (row.created_at) return { kind: 'held', createdAt: new Date(row.created_at) };
  const refused = row.seats.find((s) => s.ticket_type_id === null);
  if (refused) return { kind: 'limit', seatsBefore: refused.seats_before };
  return {
    kind: 'short',
    available: new Map(row.seats.map((s) => [s.ticket_type_id!, s.available!])),
    lapsed: row.next_lapse !== null && row.next_lapse.getTime() <= row.now.getTime(),
    nextLapse: row.next_lapse,
  };
}
