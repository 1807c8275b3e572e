import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { createUser } from '../../../test/fixtures/identity.js';
import {
  adminPrincipal,
  attendees,
  buyerPrincipal,
  cancelSaleEvent,
  createSaleEvent,
} from '../../../test/fixtures/ticketing.js';
import { cancelOrder } from './order-cancellation.service.js';
import { checkout, markPaid, orderFor } from './orders.service.js';
import { reserve } from './reservations.service.js';

/**
 * The catalogue keeps an event any order was made of: DELETE answers 409, even
 * when that order was never paid and is cancelled, or the event was cancelled.
 */
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
    const held = await reserve(ctx.modules.ticketing.context, buyer, sale.eventId, [
      { ticketTypeId: sale.ticketTypeIds[0]!, quantity: 1 },
    ]);
    const order = await checkout(ctx.modules.ticketing.context, buyer, held.id, {
      attendees: attendees(1),
      paymentMethod: 'offline',
    });
    await cancelOrder(ctx.modules.ticketing.context, buyer, order.id);
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
      sql`SELECT count(*)::int AS n FROM catalog_events WHERE id = ${sale.eventId}`,
    );
    expect(kept.rows[0]!.n).toBe(1);
    const mine = await orderFor(
      ctx.modules.ticketing.context,
      platform.database.db,
      buyer,
      order.id,
    );
    expect(mine.order).toMatchObject({ eventId: sale.eventId, status: 'cancelled' });
  });
});

describe('deleting an event with orders', () => {
  it('keeps a cancelled event whose orders owe refunds, in both APIs, with a 409 saying why', async () => {
    const sale = await createSaleEvent(ctx, {
      ticketTypes: [{ name: 'Paid', capacity: 10, priceMinor: 1500 }],
    });
    const t = ctx.modules.ticketing.context;
    const buyer = buyerPrincipal();
    const held = await reserve(t, buyer, sale.eventId, [
      { ticketTypeId: sale.ticketTypeIds[0]!, quantity: 2 },
    ]);
    const order = await checkout(t, buyer, held.id, {
      attendees: attendees(2),
      paymentMethod: 'offline',
    });
    await markPaid(t, adminPrincipal(), order.id);
    await cancelSaleEvent(ctx, sale);
    // Cancellation gave every seat back: counters alone no longer show the sale.
    const counters = await platform.database.db.execute<{ sold: number; held: number }>(
      sql`SELECT sold, held FROM catalog_ticket_types WHERE event_id = ${sale.eventId}`,
    );
    expect(counters.rows).toEqual([{ sold: 0, held: 0 }]);

    const native = await app.inject({
      method: 'DELETE',
      url: `/v1/events/${sale.eventId}`,
      headers: admin.headers,
    });
    expect(native.statusCode, native.body).toBe(409);
    expect(native.json()).toMatchObject({ code: 'CATALOG.EVENT_HAS_ORDERS' });
    expect(native.json().detail).toMatch(/has orders/);
    const tickest = await app.inject({
      method: 'DELETE',
      url: `/api/events/${sale.eventId}`,
      headers: admin.headers,
    });
    expect(tickest.statusCode, tickest.body).toBe(409);
    expect(tickest.json().message).toMatch(/has orders/);

    const kept = await app.inject({ url: `/v1/events/${sale.eventId}` });
    expect(kept.statusCode).toBe(200);
    expect(kept.json().data.status).toBe('cancelled');
    const refunds = await platform.database.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM ticketing_refunds WHERE order_id = ${order.id}`,
    );
    expect(refunds.rows[0]!.n).toBe(1);
  });

  it('still deletes an event whose only hold was given back (no order)', async () => {
    const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'Free', capacity: 5 }] });
    await reserve(ctx.modules.ticketing.context, buyerPrincipal(), sale.eventId, [
      { ticketTypeId: sale.ticketTypeIds[0]!, quantity: 1 },
    ]);
    await platform.database.db.execute(
      sql`UPDATE catalog_ticket_types SET held = 0 WHERE event_id = ${sale.eventId}`,
    );
    const res = await app.inject({
      method: 'DELETE',
      url: `/v1/events/${sale.eventId}`,
      headers: admin.headers,
    });
    expect(res.statusCode, res.body).toBe(204);
  });
});
