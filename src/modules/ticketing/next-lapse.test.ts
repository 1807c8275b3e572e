import { randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { createSaleEvent, holdRequest as request } from '../../../test/fixtures/ticketing.js';
import type { Tx } from '../../platform/db/database.js';
import { holdBatch } from './holds/holds.repository.js';
import { reservationItems, reservations } from './ticketing.tables.js';

const ctx = await useTestApp();
const { db, pool } = ctx.platform.database;

describe('when the next hold of a ticket type lapses (ticketing_next_lapse)', () => {
  /** Runs `check` on a connection where every existing hold is hidden (the work is rolled back). */
  async function onlyTheseHolds(check: (tx: Tx) => Promise<void>) {
    await db
      .transaction(async (tx) => {
        await tx
          .update(reservations)
          .set({ status: 'released' })
          .where(eq(reservations.status, 'active'));
        await check(tx);
        throw new RolledBack();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RolledBack)) throw error;
      });
  }
  const at = (minutes: number) => new Date(Date.UTC(2030, 0, 1, 12, minutes));
  /** A hold of these types expiring at `expiresAt`. */
  async function holdOf(
    tx: Tx,
    types: number[],
    expiresAt: Date,
    status: 'active' | 'expired' = 'active',
  ) {
    const id = randomUUID();
    await tx
      .insert(reservations)
      .values({ id, userId: randomUUID(), eventId: 1, status, expiresAt });
    await tx.insert(reservationItems).values(
      types.map((ticketTypeId) => ({
        reservationId: id,
        ticketTypeId,
        name: 'GA',
        quantity: 1,
        unitPriceMinor: 0,
        currency: 'EUR',
      })),
    );
    return id;
  }
  const nextLapse = async (tx: Tx, types: number[]) => {
    const { rows } = await tx.execute<{ at: string | null; exact: boolean }>(
      sql`SELECT next_lapse::text AS at, exact FROM ticketing_next_lapse(${`{${types.join(',')}}`}::int[])`,
    );
    const { at: found, exact } = rows[0]!;
    return { at: found === null ? null : new Date(found), exact };
  };
  const exactly = (when: Date | null) => ({ at: when, exact: true });

  it("is the earliest active hold of the types, past other types' and ended holds", async () => {
    await onlyTheseHolds(async (tx) => {
      expect(await nextLapse(tx, [1])).toEqual(exactly(null));
      await holdOf(tx, [2], at(1));
      await holdOf(tx, [1], at(2), 'expired');
      const first = await holdOf(tx, [1, 3], at(5));
      await holdOf(tx, [1], at(9));
      expect(await nextLapse(tx, [1])).toEqual(exactly(at(5)));
      expect(await nextLapse(tx, [2])).toEqual(exactly(at(1)));
      expect(await nextLapse(tx, [3, 2])).toEqual(exactly(at(1)));
      expect(await nextLapse(tx, [4])).toEqual(exactly(null));
      await tx.update(reservations).set({ status: 'converted' }).where(eq(reservations.id, first));
      expect(await nextLapse(tx, [1])).toEqual(exactly(at(9)));
    });
  });

  it('walks at most 64 holds of other types, then answers with a bound no later than the truth', async () => {
    await onlyTheseHolds(async (tx) => {
      for (let i = 0; i < 100; i++) await holdOf(tx, [2], new Date(at(0).getTime() + i * 1000));
      await holdOf(tx, [1], at(30));
      // The 64th hold walked expires 63 s after the first.
      expect(await nextLapse(tx, [1])).toEqual({
        at: new Date(at(0).getTime() + 63_000),
        exact: false,
      });
      expect(await nextLapse(tx, [2])).toEqual(exactly(at(0)));
    });
  });

  it("does not call a type's holds lapsed because other types' lapsed holds fill the walk", async () => {
    const sale = await createSaleEvent(ctx, {
      ticketTypes: [
        { name: 'Sold out', capacity: 1 },
        { name: 'Abandoned', capacity: 100 },
      ],
    });
    const [soldOut, abandoned] = sale.ticketTypeIds as [number, number];
    // 70 holds of the other type lapsed a minute ago and wait for the sweep.
    const lapsed = Array.from({ length: 70 }, () => ({
      ...request(sale.eventId, abandoned, 1),
      expiresAt: new Date(Date.now() - 60_000),
    }));
    await holdBatch(pool, lapsed);
    try {
      await holdBatch(pool, [request(sale.eventId, soldOut, 1)]);
      const [refused] = await holdBatch(pool, [request(sale.eventId, soldOut, 1)]);
      // Nothing of this type lapsed: no sweep to try; remembered until the bound (in the past).
      expect(refused).toMatchObject({ kind: 'short', lapsed: false });
      expect((refused as { nextLapse: Date }).nextLapse.getTime()).toBeLessThan(Date.now());
    } finally {
      await db
        .update(reservations)
        .set({ status: 'expired' })
        .where(
          inArray(
            reservations.id,
            lapsed.map((r) => r.reservationId),
          ),
        );
    }
  });

  it('comes back with a refused batch: when the hold that took the seats lapses', async () => {
    const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'GA', capacity: 1 }] });
    const type = sale.ticketTypeIds[0]!;
    // Earlier than every other hold in this database, so it is the first walked.
    const first = { ...request(sale.eventId, type, 1), expiresAt: new Date(Date.now() + 60_000) };
    await holdBatch(pool, [first]);
    const [refused] = await holdBatch(pool, [request(sale.eventId, type, 1)]);
    expect(refused).toEqual({
      kind: 'short',
      available: new Map([[type, 0]]),
      lapsed: false,
      nextLapse: first.expiresAt,
    });
  });
});

/** Thrown to roll a test's transaction back. */
class RolledBack extends Error {}
