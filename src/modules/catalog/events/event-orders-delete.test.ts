import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { createUser } from '../../../../test/fixtures/identity.js';
import { attendees, buyerPrincipal, createSaleEvent } from '../../../../test/fixtures/ticketing.js';
import { cancelOrder } from '../../ticketing/order-cancellation.service.js';
import { checkout, orderFor } from '../../ticketing/orders.service.js';
import { reserve } from '../../ticketing/reservations.service.js';

/** An event any order was made of stays, even when that order was never paid and is cancelled. */
const ctx = await useTestApp();
const { app, platform } = ctx;

let admin: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  admin = await createUser(ctx, { roles: ['admin'] });
});

describe('deleting an event with an unpaid order', () => {
  it('answers 409 in both APIs after an offline order was created and cancelled', async () => {
    const sale = await createSaleEvent(ctx, {
      ticketTypes: [{ name: 'Paid', capacity: 10, priceMinor: 1500 }],
    });
    const buyer = buyerPrincipal();
    const held = await reserve(app.ticketing, buyer, sale.eventId, [
      { ticketTypeId: sale.ticketTypeIds[0]!, quantity: 1 },
    ]);
    const order = await checkout(app.ticketing, buyer, held.id, {
      attendees: attendees(1),
      paymentMethod: 'offline',
    });
    await cancelOrder(app.ticketing, buyer, order.id);
    await platform.relay.drain();

    const native = await app.inject({
      method: 'DELETE',
      url: `/v1/events/${sale.eventId}`,
      headers: admin.headers,
    });
    expect(native.statusCode, native.body).toBe(409);
    expect(native.json().code).toBe('CATALOG.EVENT_HAS_ORDERS');
    const tickest = await app.inject({
      method: 'DELETE',
      url: `/api/events/${sale.eventId}`,
      headers: admin.headers,
    });
    expect(tickest.statusCode, tickest.body).toBe(409);
    expect(tickest.json().message).toMatch(/has orders/);

    const kept = await platform.database.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM events WHERE id = ${sale.eventId}`,
    );
    expect(kept.rows[0]!.n).toBe(1);
    const mine = await orderFor(app.ticketing, platform.database.db, buyer, order.id);
    expect(mine.order).toMatchObject({ eventId: sale.eventId, status: 'cancelled' });
  });
});
