import { randomUUID } from 'node:crypto';
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { useTestApp } from '../../../../test/app.js';
import { pollUntil } from '../../../../test/process.js';
import {
  counters,
  createSaleEvent,
  holdRequest as request,
} from '../../../../test/fixtures/ticketing.js';
import { outboxEvents } from '../../../platform/events/outbox.tables.js';
import { holdBatch, holdInOneStatement } from './holds.repository.js';
import { TICKETING_EVENTS } from '../ticketing.events.js';
import { reservationItems, reservations } from '../ticketing.tables.js';

const ctx = await useTestApp();
const { platform } = ctx;
const { db, pool } = platform.database;

/** The most seats one buyer holds of the event. */
async function mostSeatsOfOneBuyer(eventId: number): Promise<number> {
  const perUser = await db
    .select({ seats: sql<number>`sum(quantity)::int` })
    .from(reservationItems)
    .innerJoin(reservations, eq(reservations.id, reservationItems.reservationId))
    .where(eq(reservations.eventId, eventId))
    .groupBy(reservations.userId);
  return Math.max(...perUser.map((p) => p.seats));
}

describe('batched holds of one ticket type', () => {
  it('serves a batch in order: seats, limits counted within the batch, and shortages', async () => {
    const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'GA', capacity: 6 }] });
    const type = sale.ticketTypeIds[0]!;
    const ada = randomUUID();
    const hold = (quantity: number, userId?: string) =>
      request(sale.eventId, type, quantity, userId, 3);
    const batch = [
      hold(2, ada), // held: 4 left
      hold(2, ada), // Ada would have 4 of her 3: limit
      hold(3), // held: 1 left
      hold(2), // short: 1 left, takes nothing
      hold(1, ada), // Ada's third seat: held, 0 left
      hold(1), // short
    ];
    const outcomes = await holdBatch(pool, batch);
    // No earlier hold lapses (this statement's own do not count): nothing to wait for.
    const short = (left: number) => ({
      kind: 'short',
      available: new Map([[type, left]]),
      lapsed: false,
      nextLapse: null,
    });
    expect(outcomes).toEqual([
      { kind: 'held', createdAt: expect.any(Date) },
      { kind: 'limit', seatsBefore: 2 },
      { kind: 'held', createdAt: expect.any(Date) },
      short(1),
      { kind: 'held', createdAt: expect.any(Date) },
      short(0),
    ]);
    expect(await counters(ctx, sale.eventId)).toMatchObject({ held: 6, available: 0 });

    // Exactly the held requests left a reservation, its item and its event.
    const heldIds = [0, 2, 4].map((i) => batch[i]!.reservationId);
    const rows = await db
      .select({ id: reservations.id, userId: reservations.userId, status: reservations.status })
      .from(reservations)
      .where(eq(reservations.eventId, sale.eventId));
    expect(rows.map((r) => r.id).sort()).toEqual([...heldIds].sort());
    const items = await db
      .select()
      .from(reservationItems)
      .where(inArray(reservationItems.reservationId, heldIds));
    expect(items.map((i) => [i.ticketTypeId, i.quantity, i.unitPriceMinor]).sort()).toEqual([
      [type, 1, 1500],
      [type, 2, 1500],
      [type, 3, 1500],
    ]);
    const [events] = await db
      .select({ n: count() })
      .from(outboxEvents)
      .where(
        and(
          eq(outboxEvents.name, TICKETING_EVENTS.reservationCreated),
          sql`${outboxEvents.payload}->>'eventId' = ${String(sale.eventId)}`,
        ),
      );
    expect(events!.n).toBe(3);
  });

  it('counts a ticket type gone since the sale rules were read as 0 left', async () => {
    const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'GA', capacity: 5 }] });
    const outcomes = await holdBatch(pool, [
      request(sale.eventId, 2_000_000_000, 1),
      request(sale.eventId, 2_000_000_000, 1),
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(['short', 'short']);
    expect(outcomes[0]).toMatchObject({ available: new Map([[2_000_000_000, 0]]) });
  });

  it('refuses a batch that mixes ticket types', async () => {
    const sale = await createSaleEvent(ctx, {
      ticketTypes: [
        { name: 'A', capacity: 5 },
        { name: 'B', capacity: 5 },
      ],
    });
    const [a, b] = sale.ticketTypeIds as [number, number];
    await expect(
      holdBatch(pool, [request(sale.eventId, a, 1), request(sale.eventId, b, 1)]),
    ).rejects.toThrow('same single ticket type');
  });

  it('never oversells when batches, other batches and multi-type holds race on parallel connections', async () => {
    const sale = await createSaleEvent(ctx, {
      ticketTypes: [
        { name: 'Hot', capacity: 40 },
        { name: 'Side', capacity: 1000 },
      ],
    });
    const [hot, side] = sale.ticketTypeIds as [number, number];
    // Users appear in several batches and in multi-type holds, in different orders.
    const users = Array.from({ length: 30 }, () => randomUUID());
    const pick = (i: number) => users[(i * 7) % users.length]!;
    const batches = Array.from({ length: 12 }, (_, b) =>
      holdBatch(
        pool,
        Array.from({ length: 10 }, (_, i) =>
          request(sale.eventId, b % 3 ? hot : side, 1, pick(b * 10 + i), 4),
        ),
      ),
    );
    const multi = Array.from({ length: 20 }, (_, i) =>
      holdInOneStatement(pool, {
        ...request(sale.eventId, hot, 1, users[i]!, 4),
        items: [
          { ticketTypeId: hot, name: 'Hot', quantity: 1, unitPriceMinor: 0, currency: 'EUR' },
          { ticketTypeId: side, name: 'Side', quantity: 1, unitPriceMinor: 0, currency: 'EUR' },
        ],
      }),
    );
    const outcomes = [...(await Promise.all(batches)).flat(), ...(await Promise.all(multi))];
    const hotAfter = await counters(ctx, sale.eventId, 0);
    // Every seat counted is a reservation's item, and no user went past 4.
    const perType = await db
      .select({ type: reservationItems.ticketTypeId, seats: sql<number>`sum(quantity)::int` })
      .from(reservationItems)
      .innerJoin(reservations, eq(reservations.id, reservationItems.reservationId))
      .where(eq(reservations.eventId, sale.eventId))
      .groupBy(reservationItems.ticketTypeId);
    const seatsOf = (id: number) => perType.find((p) => p.type === id)?.seats ?? 0;
    expect(seatsOf(hot)).toBe(hotAfter.held);
    expect(seatsOf(side)).toBe((await counters(ctx, sale.eventId, 1)).held);
    expect(await mostSeatsOfOneBuyer(sale.eventId)).toBeLessThanOrEqual(4);
    expect(outcomes.filter((o) => o.kind === 'held').length).toBe(
      (
        await db
          .select({ n: count() })
          .from(reservations)
          .where(eq(reservations.eventId, sale.eventId))
      )[0]!.n,
    );
  });

  it("never waits for another ticket type: B holds while a batch of A is uncommitted (CONTROL: A's next hold waits)", async () => {
    const sale = await createSaleEvent(ctx, {
      ticketTypes: [
        { name: 'A', capacity: 10 },
        { name: 'B', capacity: 10 },
      ],
    });
    const [a, b] = sale.ticketTypeIds as [number, number];
    // A batch of A held, its transaction still open: every lock a rush's batch takes.
    const rush = await pool.connect();
    try {
      await rush.query('BEGIN');
      const [rushed] = await holdBatch(rush as unknown as pg.Pool, [request(sale.eventId, a, 1)]);
      expect(rushed!.kind).toBe('held');
      const [batched] = await holdBatch(pool, [request(sale.eventId, b, 1)]);
      expect(batched!.kind).toBe('held');
      expect((await holdInOneStatement(pool, request(sale.eventId, b, 1))).kind).toBe('held');

      // Control: the same hold of A waits for the lock until the rush's transaction ends.
      const waiting = holdBatch(pool, [request(sale.eventId, a, 1)]);
      const lockWaits = async () => {
        const { rows } = await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return rows[0]!.n > 0;
      };
      expect(await pollUntil(lockWaits, { attempts: 250 })).toBe(true);
      await rush.query('COMMIT');
      expect((await waiting)[0]!.kind).toBe('held');
    } finally {
      rush.release();
    }
  });

  it("takes each buyer's own lock, so batches of different types keep the per-person limit (CONTROL: without it they break it)", async () => {
    /** Two batches (types A and B) for the same 10 buyers at once, limit 1: the most seats one buyer got. */
    const race = async (
      /** Runs while both batches are in flight (the control's barrier). */
      whileInFlight: () => Promise<void> = async () => {},
    ) => {
      const sale = await createSaleEvent(ctx, {
        ticketTypes: [
          { name: 'A', capacity: 100 },
          { name: 'B', capacity: 100 },
        ],
      });
      const users = Array.from({ length: 10 }, () => randomUUID());
      // Fresh connections: no statement prepared against another definition.
      const racers = new pg.Pool({ connectionString: platform.database.url, max: 2 });
      try {
        await Promise.all([
          ...sale.ticketTypeIds.map((type) =>
            holdBatch(
              racers,
              users.map((u) => request(sale.eventId, type, 1, u, 1)),
            ),
          ),
          whileInFlight(),
        ]);
      } finally {
        await racers.end();
      }
      return mostSeatsOfOneBuyer(sale.eventId);
    };
    // Whichever batch goes second finds each buyer already holding one seat.
    expect(await race()).toBe(1);

    // The same race against a copy of the batch function without the users'
    // locks that, once it has counted, waits at a barrier this test holds: the
    // test lets both batches go only when both have counted, so neither saw
    // the other's seats. Every buyer ends with two.
    const signature = '(integer, integer, integer, uuid[], integer[])';
    const lockFree = await withoutUserLocks(`ticketing_hold_batch${signature}`);
    await db.execute(
      sql.raw(
        `ALTER FUNCTION ticketing_hold_batch${signature} RENAME TO ticketing_hold_batch_real`,
      ),
    );
    try {
      await db.execute(sql.raw(lockFree));
      const barrier = await pool.connect();
      try {
        await barrier.query('SELECT pg_advisory_lock($1)', [BARRIER]);
        const bothCounted = async () => {
          await expect
            .poll(async () => {
              const { rows } = await db.execute<{ n: number }>(
                sql`SELECT count(*)::int AS n FROM pg_locks
                    WHERE locktype = 'advisory' AND NOT granted AND objid = ${BARRIER}`,
              );
              return rows[0]!.n;
            })
            .toBe(2);
          await barrier.query('SELECT pg_advisory_unlock($1)', [BARRIER]);
        };
        expect(await race(bothCounted)).toBe(2);
      } finally {
        barrier.release();
      }
    } finally {
      await db.execute(sql.raw(`DROP FUNCTION IF EXISTS ticketing_hold_batch${signature}`));
      await db.execute(
        sql.raw(
          `ALTER FUNCTION ticketing_hold_batch_real${signature} RENAME TO ticketing_hold_batch`,
        ),
      );
    }
  });
});

/** The advisory lock the control's batches wait at once they have counted. */
const BARRIER = 424_242;

/**
 * The batch function's own definition WITHOUT the users' locks, waiting at
 * the BARRIER once it has counted: the bug the locks prevent, for the
 * control. Fails if the function no longer has the parts this edits (the
 * control would then test nothing).
 */
async function withoutUserLocks(fn: string): Promise<string> {
  const { rows } = await db.execute<{ def: string }>(
    sql.raw(`SELECT pg_get_functiondef('${fn}'::regprocedure) AS def`),
  );
  const locks = /FOR lock_key IN[\s\S]*?END LOOP;/;
  const counted = /FROM ticketing_users_seats\(p_users, p_event\) AS s;/;
  const def = rows[0]!.def;
  expect(def).toMatch(locks);
  expect(def).toMatch(counted);
  return def
    .replace(locks, '')
    .replace(counted, (found) => `${found}\n  PERFORM pg_advisory_xact_lock_shared(${BARRIER});`);
}
