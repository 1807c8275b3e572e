import { and, count, eq } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { createBuyers, createSaleEvent, type Buyer } from '../../../test/fixtures/ticketing.js';
import { idempotencyKeys } from '../../platform/http/idempotency.tables.js';
import { reservations } from './ticketing.tables.js';

const ctx = await useTestApp({ RATE_LIMIT_MAX: '1000000' });
const { app, platform } = ctx;
const { db } = platform.database;
let baseUrl = '';

beforeAll(async () => {
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
});

interface Answer {
  status: number;
  body: { data?: { id: string }; code?: string; details?: Record<string, unknown> };
}

/** A real HTTP request on its own connection (the server sees true parallel clients). */
async function reserveOverHttp(
  buyer: Buyer,
  eventId: number,
  items: { ticketTypeId: number; quantity: number }[],
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(`${baseUrl}/v1/events/${eventId}/reservations`, {
    method: 'POST',
    headers: { ...buyer.headers, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ items }),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

async function invariant(eventId: number) {
  const event = await ctx.modules.catalog.api.getEventForSale(db, eventId);
  for (const t of event!.ticketTypes) {
    expect(t.sold + t.held).toBeLessThanOrEqual(t.capacity);
    expect(t.available).toBe(t.capacity - t.sold - t.held);
  }
  return event!;
}

describe('holding seats under real concurrency', () => {
  let buyers: Buyer[];
  beforeAll(async () => {
    buyers = await createBuyers(ctx, 200);
  }, 120_000);

  it(
    '200 concurrent buyers for 50 seats: exactly 50 holds, 150 sold-out answers, no 5xx',
    { timeout: 90_000 },
    async () => {
      const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'Rush', capacity: 50 }] });
      const typeId = sale.ticketTypeIds[0]!;
      const answers = await Promise.all(
        buyers.map((b) =>
          reserveOverHttp(b, sale.eventId, [{ ticketTypeId: typeId, quantity: 1 }]),
        ),
      );
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      expect(statuses.filter((s) => s === 201)).toHaveLength(50);
      const refused = answers.filter((a) => a.status === 409);
      expect(refused).toHaveLength(150);
      for (const a of refused) {
        expect(a.body.code).toBe('TICKETING.SOLD_OUT');
        expect(a.body.details).toMatchObject({ ticketTypeId: typeId, requested: 1, available: 0 });
      }
      const event = await invariant(sale.eventId);
      expect(event.ticketTypes[0]).toMatchObject({ capacity: 50, held: 50, sold: 0, available: 0 });
      const [active] = await db
        .select({ n: count() })
        .from(reservations)
        .where(and(eq(reservations.eventId, sale.eventId), eq(reservations.status, 'active')));
      expect(active!.n).toBe(50);
    },
  );

  it('CONTROL: the same rush against a naive read-then-write hold oversells', async () => {
    const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'Naive', capacity: 50 }] });
    const typeId = sale.ticketTypeIds[0]!;
    // The bug this module avoids: read what is left, decide, then write the
    // computed counter. Test-only SQL on the catalogue's row, on purpose.
    const naiveHold = () =>
      platform.database.transaction(async (tx) => {
        const { rows } = await tx.execute<{ capacity: number; sold: number; held: number }>(
          sql`SELECT capacity, sold, held FROM catalog_ticket_types WHERE id = ${typeId}`,
        );
        const row = rows[0]!;
        if (row.capacity - row.sold - row.held < 1) return false;
        await new Promise((resolve) => setTimeout(resolve, 2)); // the app's work between read and write
        await tx.execute(
          sql`UPDATE catalog_ticket_types SET held = ${row.held + 1} WHERE id = ${typeId}`,
        );
        return true;
      });
    const outcomes = await Promise.all(buyers.map(() => naiveHold()));
    const granted = outcomes.filter(Boolean).length;
    const event = await ctx.modules.catalog.api.getEventForSale(db, sale.eventId);
    // More buyers were told "you have a seat" than there are seats: oversold.
    expect(granted).toBeGreaterThan(50);
    expect(granted).toBeGreaterThan(event!.ticketTypes[0]!.held);
  });

  it("serialises one user's own concurrent requests so the per-person limit holds", async () => {
    const sale = await createSaleEvent(ctx, {
      ticketTypes: [{ name: 'Limited', capacity: 100, maxPerOrder: 5 }],
    });
    const buyer = buyers[0]!;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        reserveOverHttp(buyer, sale.eventId, [
          { ticketTypeId: sale.ticketTypeIds[0]!, quantity: 3 },
        ]),
      ),
    );
    // Limit 10 per person: three holds of 3 fit, the other seven are refused.
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    expect(answers.filter((a) => a.body.code === 'TICKETING.USER_LIMIT_REACHED')).toHaveLength(7);
    const event = await invariant(sale.eventId);
    expect(event.ticketTypes[0]!.held).toBe(9);
  });

  it('20 concurrent identical requests with one Idempotency-Key make one reservation', async () => {
    const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'Idem', capacity: 100 }] });
    const buyer = buyers[1]!;
    const items = [{ ticketTypeId: sale.ticketTypeIds[0]!, quantity: 2 }];
    const key = { 'idempotency-key': 'checkout-button-1' };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => reserveOverHttp(buyer, sale.eventId, items, key)),
    );
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => a.body.data!.id)).size).toBe(1);
    for (const a of answers.filter((x) => x.status !== 201)) {
      expect(a.status).toBe(409);
      expect(a.body.code).toBe('REQUEST.IDEMPOTENCY_IN_PROGRESS');
    }
    const rows = await db
      .select({ id: reservations.id })
      .from(reservations)
      .where(and(eq(reservations.eventId, sale.eventId), eq(reservations.userId, buyer.id)));
    expect(rows).toHaveLength(1);
    expect((await invariant(sale.eventId)).ticketTypes[0]!.held).toBe(2);

    // Later: the same key and body replays the first answer; another body is refused.
    const replay = await reserveOverHttp(buyer, sale.eventId, items, key);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(created[0]!.body);
    const other = await reserveOverHttp(
      buyer,
      sale.eventId,
      [{ ticketTypeId: sale.ticketTypeIds[0]!, quantity: 1 }],
      key,
    );
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('REQUEST.IDEMPOTENCY_KEY_REUSED');
    // Keys are per user: another buyer may use the same key for their own request.
    const mine = await reserveOverHttp(buyers[2]!, sale.eventId, items, key);
    expect(mine.status).toBe(201);
    const [stored] = await db
      .select({ n: count() })
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.key, 'checkout-button-1'));
    expect(stored!.n).toBe(2);
  });

  it('replays a refused request (4xx) with the same answer', async () => {
    const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'Tiny', capacity: 1 }] });
    const items = [{ ticketTypeId: sale.ticketTypeIds[0]!, quantity: 2 }];
    const key = { 'idempotency-key': 'too-many' };
    const first = await reserveOverHttp(buyers[3]!, sale.eventId, items, key);
    const again = await reserveOverHttp(buyers[3]!, sale.eventId, items, key);
    expect(first.status).toBe(409);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe(first.body.code);
    expect(again.body.details).toEqual(first.body.details);
  });
});
