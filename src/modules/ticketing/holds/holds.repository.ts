import type pg from 'pg';
import { outboxInsertSql } from '../../../platform/events/outbox.js';
import { TICKETING_EVENTS, type ReservationCreatedPayload } from '../ticketing.events.js';
import {
  INSERT_RESERVATION_ITEMS,
  INSERT_RESERVATIONS,
  type NewItem,
} from '../ticketing.repository.js';

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
  ${INSERT_RESERVATIONS}
  SELECT $6::uuid, $1::uuid, $2::int, 'active', $7::timestamptz, NULL::uuid FROM complete WHERE complete.ok
  RETURNING id, created_at),
items AS (
  ${INSERT_RESERVATION_ITEMS}
  SELECT r.id, v.* FROM r, unnest($3::int[], $8::text[], $4::int[], $9::int[], $10::text[]) AS v
  RETURNING 1),
announced AS (
  ${outboxInsertSql('r', `'${TICKETING_EVENTS.reservationCreated}'`, '$11')}),
-- Only when refused: when the next hold of the types lapses (see ticketing_next_lapse).
lapse AS MATERIALIZED (
  SELECT l.next_lapse, l.exact FROM ticketing_next_lapse($3::int[]) AS l
  WHERE NOT (SELECT ok FROM complete))
SELECT
  set_config('synchronous_commit', $12::text, true) AS commit_mode,
  (SELECT created_at FROM r) AS created_at,
  (SELECT count(*) FROM items)::int AS items,
  (SELECT count(*) FROM announced)::int AS announced,
  -- No rows when a type vanished after the sale rules were read: then it has 0 left.
  (SELECT coalesce(json_agg(hold ORDER BY hold.ticket_type_id), '[]'::json) FROM hold) AS seats,
  (SELECT next_lapse FROM lapse) AS next_lapse,
  (SELECT exact AND next_lapse <= now() FROM lapse) AS lapsed`;

export interface HoldRequest {
  reservationId: string;
  userId: string;
  eventId: number;
  expiresAt: Date;
  /** In ticketTypeId order. */
  items: NewItem[];
  maxPerUser: number;
}

/**
 * How a hold statement commits: `async` does not wait for the WAL flush (see
 * docs/adr/0007-ticketing-holds-async-commit.md). The hold engine decides it
 * from its configuration; a hold request carries no commit mode.
 */
export type CommitMode = 'sync' | 'async';

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
  lapsed: boolean | null;
}

/** The payload of `ticketing.reservation.created`. */
const createdPayload = (request: HoldRequest): ReservationCreatedPayload => ({
  reservationId: request.reservationId,
  eventId: request.eventId,
  userId: request.userId,
  seats: request.items.reduce((sum, i) => sum + i.quantity, 0),
  expiresAt: request.expiresAt.toISOString(),
});

/** Runs the one-statement hold on a pooled connection (a named, prepared statement). */
export async function holdInOneStatement(
  pool: pg.Pool,
  request: HoldRequest,
  commit: CommitMode = 'sync',
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
      JSON.stringify(createdPayload(request)),
      commit === 'async' ? 'off' : 'on',
    ],
  });
  const row = rows[0]!;
  if (row.created_at) return { kind: 'held', createdAt: new Date(row.created_at) };
  const refused = row.seats.find((s) => s.ticket_type_id === null);
  if (refused) return { kind: 'limit', seatsBefore: refused.seats_before };
  return {
    kind: 'short',
    available: new Map(row.seats.map((s) => [s.ticket_type_id!, s.available!])),
    lapsed: row.lapsed === true,
    nextLapse: row.next_lapse,
  };
}

/**
 * Holds of one ticket type, batched: one statement serves them all in order
 * (`ticketing_hold_batch`: the users' own locks, the per-person limit, the
 * seats shared out under one lock of the type's row and taken in one guarded
 * UPDATE), then writes the reservations, their items and their events for
 * those that got seats. One round trip and one commit however many buyers
 * came at once.
 */
const HOLD_BATCH_SQL = `
WITH hold AS MATERIALIZED (
  SELECT * FROM ticketing_hold_batch($1::int, $2::int, $3::int, $4::uuid[], $5::int[])),
req AS MATERIALIZED (
  SELECT v.* FROM hold JOIN unnest(
      $4::uuid[], $5::int[], $6::uuid[], $7::timestamptz[], $8::text[], $9::int[], $10::text[], $11::text[])
    WITH ORDINALITY AS v(user_id, quantity, reservation_id, expires_at, name, unit_price_minor, currency, payload, idx)
    ON v.idx = hold.idx
  WHERE hold.held),
r AS (
  ${INSERT_RESERVATIONS}
  SELECT reservation_id, user_id, $2::int, 'active', expires_at, NULL::uuid FROM req
  RETURNING id, created_at),
items AS (
  ${INSERT_RESERVATION_ITEMS}
  SELECT r.id, $1::int, req.name, req.quantity, req.unit_price_minor, req.currency
  FROM r JOIN req ON req.reservation_id = r.id),
announced AS (
  ${outboxInsertSql('r JOIN req ON req.reservation_id = r.id', `'${TICKETING_EVENTS.reservationCreated}'`, 'req.payload')}),
-- Only when some were refused for want of seats: see ticketing_next_lapse.
lapse AS MATERIALIZED (
  SELECT l.next_lapse, l.exact FROM ticketing_next_lapse(ARRAY[$1::int]) AS l
  WHERE EXISTS (SELECT 1 FROM hold WHERE NOT hold.held AND hold.available IS NOT NULL))
SELECT
  set_config('synchronous_commit', $12::text, true) AS commit_mode,
  hold.seats_before, hold.available, hold.held,
  -- Epoch milliseconds: no timestamp text to parse per row on the way back.
  (extract(epoch FROM r.created_at) * 1000)::float8 AS created_ms,
  (extract(epoch FROM lapse.next_lapse) * 1000)::float8 AS next_lapse_ms,
  lapse.exact AND lapse.next_lapse <= now() AS lapsed
FROM hold LEFT JOIN lapse ON true
LEFT JOIN req ON req.idx = hold.idx
LEFT JOIN r ON r.id = req.reservation_id
ORDER BY hold.idx`;

interface HoldBatchRow {
  seats_before: number;
  available: number | null;
  held: boolean;
  created_ms: number | null;
  next_lapse_ms: number | null;
  lapsed: boolean | null;
}

/**
 * Runs a batch of one-item holds of the same ticket type of the same event
 * (a named, prepared statement); answers each request in order.
 */
export async function holdBatch(
  pool: pg.Pool,
  requests: HoldRequest[],
  commit: CommitMode = 'sync',
): Promise<HoldOutcome[]> {
  const first = requests[0]!;
  const typeId = first.items[0]!.ticketTypeId;
  for (const r of requests) {
    if (r.items.length !== 1 || r.items[0]!.ticketTypeId !== typeId || r.eventId !== first.eventId)
      throw new Error('holdBatch: every request must hold the same single ticket type');
  }
  const item = (r: HoldRequest) => r.items[0]!;
  const { rows } = await pool.query<HoldBatchRow>({
    name: 'ticketing_hold_batch',
    text: HOLD_BATCH_SQL,
    values: [
      typeId,
      first.eventId,
      first.maxPerUser,
      requests.map((r) => r.userId),
      requests.map((r) => item(r).quantity),
      requests.map((r) => r.reservationId),
      requests.map((r) => r.expiresAt.toISOString()),
      requests.map((r) => item(r).name),
      requests.map((r) => item(r).unitPriceMinor),
      requests.map((r) => item(r).currency),
      requests.map((r) => JSON.stringify(createdPayload(r))),
      commit === 'async' ? 'off' : 'on',
    ],
  });
  return rows.map((row): HoldOutcome => {
    if (row.held) return { kind: 'held', createdAt: new Date(row.created_ms!) };
    if (row.available === null) return { kind: 'limit', seatsBefore: row.seats_before };
    return {
      kind: 'short',
      available: new Map([[typeId, row.available]]),
      lapsed: row.lapsed === true,
      nextLapse: row.next_lapse_ms === null ? null : new Date(row.next_lapse_ms),
    };
  });
}
