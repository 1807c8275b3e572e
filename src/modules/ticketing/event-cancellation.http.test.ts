import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { createOrganizer, createUser } from '../../../test/fixtures/identity.js';
import { createSaleEvent, httpCaller } from '../../../test/fixtures/ticketing.js';
import { outboxEvents } from '../../platform/events/outbox.tables.js';
import { orders } from './ticketing.tables.js';

const ctx = await useTestApp();
const { platform } = ctx;
const { db } = platform.database;

const call = httpCaller(ctx);

async function saleWithBuyers() {
  const owner = await createUser(ctx, { roles: ['organizer'] });
  const organizer = await createOrganizer(ctx, owner);
  const sale = await createSaleEvent(ctx, {
    organizerId: organizer.id,
    ticketTypes: [{ name: 'GA', capacity: 10, priceMinor: 1000 }],
  });
  const typeId = sale.ticketTypeIds[0]!;
  const holder = await createUser(ctx);
  const hold = await call('POST', `/v1/events/${sale.eventId}/reservations`, holder.headers, {
    items: [{ ticketTypeId: typeId, quantity: 3 }],
  });
  expect(hold.statusCode).toBe(201);
  const buyer = await createUser(ctx);
  const r = await call('POST', `/v1/events/${sale.eventId}/reservations`, buyer.headers, {
    items: [{ ticketTypeId: typeId, quantity: 2 }],
  });
  const order = await call('POST', `/v1/reservations/${r.json().data.id}/checkout`, buyer.headers, {
    attendees: [
      { name: 'A', email: 'a@example.test' },
      { name: 'B', email: 'b@example.test' },
    ],
    paymentMethod: 'offline',
  });
  expect(order.statusCode).toBe(201);
  return { owner, sale, orderId: order.json().data.id as string };
}

describe('POST /v1/events/:id/cancel', () => {
  it('stores, shows and passes on the reason; the answer shows the seats already given back', async () => {
    const { owner, sale, orderId } = await saleWithBuyers();
    const before = (await call('GET', `/v1/events/${sale.eventId}`, owner.headers)).json().data;
    expect(before.ticketTypes[0]).toMatchObject({ held: 5 });

    const res = await call('POST', `/v1/events/${sale.eventId}/cancel`, owner.headers, {
      reason: 'The venue flooded',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({
      status: 'cancelled',
      cancellationReason: 'The venue flooded',
      available: 10,
      ticketTypes: [{ capacity: 10, sold: 0, held: 0 }],
    });
    // Before any relay delivery: the order is already cancelled.
    const [row] = await db.select().from(orders).where(eq(orders.id, orderId));
    expect(row!.status).toBe('cancelled');
    const shown = (await call('GET', `/v1/events/${sale.eventId}`, owner.headers)).json().data;
    expect(shown.cancellationReason).toBe('The venue flooded');
    const [announced] = await db
      .select({ payload: outboxEvents.payload })
      .from(outboxEvents)
      .where(
        and(
          eq(outboxEvents.name, 'catalog.event.cancelled'),
          sql`${outboxEvents.payload}->>'eventId' = ${String(sale.eventId)}`,
        ),
      );
    expect(announced!.payload).toEqual({ eventId: sale.eventId, reason: 'The venue flooded' });
    // The subscriber then finds nothing left to do.
    await platform.relay.drain();
    const after = (await call('GET', `/v1/events/${sale.eventId}`, owner.headers)).json().data;
    expect(after.ticketTypes[0]).toMatchObject({ sold: 0, held: 0 });
  });

  it('still takes no body; a bad reason is a 400 naming the field', async () => {
    const { owner, sale } = await saleWithBuyers();
    const empty = await call('POST', `/v1/events/${sale.eventId}/cancel`, owner.headers, {
      reason: '',
    });
    expect(empty.statusCode).toBe(400);
    expect(JSON.stringify(empty.json().errors)).toContain('reason');
    const res = await call('POST', `/v1/events/${sale.eventId}/cancel`, owner.headers);
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({
      cancellationReason: null,
      ticketTypes: [{ sold: 0, held: 0 }],
    });
  });
});
