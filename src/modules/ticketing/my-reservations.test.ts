import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { createUser, type TestUser } from '../../../test/fixtures/identity.js';
import {
  attendees,
  createSaleEvent,
  httpCaller,
  type Sale,
} from '../../../test/fixtures/ticketing.js';
import { reservations } from './ticketing.tables.js';

const ctx = await useTestApp();
const call = httpCaller(ctx);
let sale: Sale;
let other: Sale;
beforeAll(async () => {
  sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'GA', capacity: 100 }] });
  other = await createSaleEvent(ctx, { ticketTypes: [{ name: 'GA', capacity: 100 }] });
});

const hold = async (who: TestUser, on: Sale, quantity = 1) => {
  const res = await call('POST', `/v1/events/${on.eventId}/reservations`, who.headers, {
    items: [{ ticketTypeId: on.ticketTypeIds[0], quantity }],
  });
  expect(res.statusCode).toBe(201);
  return res.json().data.id as string;
};
const mine = async (who: TestUser, query = '') => {
  const res = await call('GET', `/v1/me/reservations${query}`, who.headers);
  expect(res.statusCode).toBe(200);
  return res.json() as {
    data: Array<{
      id: string;
      status: string;
      eventId: number;
      items: Array<{ quantity: number }>;
    }>;
    meta: { page: number; limit: number; total: number; totalPages: number };
  };
};

describe('GET /v1/me/reservations', () => {
  it("lists the caller's holds, newest first, with their items and state; nobody else's", async () => {
    const buyer = await createUser(ctx);
    const stranger = await createUser(ctx);
    const active = await hold(buyer, sale, 2);
    const lapsed = await hold(buyer, sale);
    const released = await hold(buyer, other);
    const converted = await hold(buyer, other);
    await ctx.platform.database.db
      .update(reservations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(reservations.id, lapsed));
    expect((await call('DELETE', `/v1/reservations/${released}`, buyer.headers)).statusCode).toBe(
      200,
    );
    const order = await call('POST', `/v1/reservations/${converted}/checkout`, buyer.headers, {
      attendees: attendees(1),
      paymentMethod: 'free',
    });
    expect(order.statusCode).toBe(201);
    const strangers = await hold(stranger, sale);

    const all = await mine(buyer);
    expect(all.data.map((r) => [r.id, r.status])).toEqual([
      [converted, 'converted'],
      [released, 'released'],
      [lapsed, 'expired'],
      [active, 'active'],
    ]);
    expect(all.data[3]!.items[0]!.quantity).toBe(2);
    expect(all.meta).toMatchObject({ page: 1, total: 4 });
    expect(all.data.map((r) => r.id)).not.toContain(strangers);
    expect((await mine(stranger)).data.map((r) => r.id)).toEqual([strangers]);

    // Filters: a lapsed hold is not active, whether or not it was swept yet.
    expect((await mine(buyer, '?status=active')).data.map((r) => r.id)).toEqual([active]);
    expect((await mine(buyer, '?status=expired')).data.map((r) => r.id)).toEqual([lapsed]);
    expect((await mine(buyer, '?status=converted')).data.map((r) => r.id)).toEqual([converted]);
    expect((await mine(buyer, `?eventId=${other.eventId}`)).data.map((r) => r.id)).toEqual([
      converted,
      released,
    ]);
    // Pages.
    const first = await mine(buyer, '?limit=3');
    const second = await mine(buyer, '?limit=3&page=2');
    expect(first.meta).toMatchObject({ total: 4, totalPages: 2 });
    expect([...first.data, ...second.data].map((r) => r.id)).toEqual(all.data.map((r) => r.id));
  });

  it('needs a signed-in caller and valid filters', async () => {
    expect((await call('GET', '/v1/me/reservations')).statusCode).toBe(401);
    const buyer = await createUser(ctx);
    for (const query of [
      '?status=lost',
      '?eventId=0',
      '?eventId=abc',
      '?limit=1000',
      '?page=0',
      '?other=1',
    ]) {
      const res = await call('GET', `/v1/me/reservations${query}`, buyer.headers);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().success).toBe(false);
    }
  });
});
