import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import {
  addOrganizerMember,
  createOrganizer,
  createUser,
} from '../../../test/fixtures/identity.js';
import { fakeCardProvider } from '../../../test/fixtures/ticketing-payments.js';
import { createSaleEvent, httpCaller, type AuthHeaders } from '../../../test/fixtures/ticketing.js';
import { outboxEvents } from '../../platform/events/outbox.tables.js';
import { sendRefundJob } from './jobs/queued-jobs.js';
import { refunds } from './ticketing.tables.js';

const ctx = await useTestApp();
const { app, platform } = ctx;
const { db } = platform.database;

type Headers = AuthHeaders;
const call = httpCaller(ctx);

/** A paid event of an organizer with an owner and a staff member, and a buyer. */
async function setup() {
  const owner = await createUser(ctx);
  const organizer = await createOrganizer(ctx, owner);
  const staff = await createUser(ctx);
  await addOrganizerMember(ctx, organizer.id, staff.id, 'staff');
  const sale = await createSaleEvent(ctx, {
    organizerId: organizer.id,
    ticketTypes: [{ name: 'Paid', capacity: 10, priceMinor: 1500 }],
  });
  return { owner, staff, sale, buyer: await createUser(ctx), stranger: await createUser(ctx) };
}

/** Two tickets bought and paid with the `offline` method (whatever provider is in place). */
async function buyPaid(eventId: number, ticketTypeId: number, buyer: { headers: Headers }) {
  const r = await call('POST', `/v1/events/${eventId}/reservations`, buyer.headers, {
    items: [{ ticketTypeId, quantity: 2 }],
  });
  const o = await call('POST', `/v1/reservations/${r.json().data.id}/checkout`, buyer.headers, {
    attendees: [
      { name: 'A', email: 'a@example.test' },
      { name: 'B', email: 'b@example.test' },
    ],
    paymentMethod: 'offline',
  });
  expect(o.statusCode).toBe(201);
  return o.json().data;
}

describe('refunds', () => {
  it('the organizer marks an offline refund completed; the buyer sees it on the order', async () => {
    const { owner, staff, sale, buyer, stranger } = await setup();
    const pending = await buyPaid(sale.eventId, sale.ticketTypeIds[0]!, buyer);
    const paid = await call('POST', `/v1/orders/${pending.id}/mark-paid`, owner.headers);
    expect(paid.json().data.status).toBe('confirmed');
    const cancelled = (await call('POST', `/v1/orders/${pending.id}/cancel`, buyer.headers)).json()
      .data;
    expect(cancelled.refund).toMatchObject({ amountMinor: 3000, status: 'pending' });
    expect(cancelled.refunds).toMatchObject([
      { amountMinor: 3000, currency: 'EUR', status: 'pending', completedAt: null },
    ]);
    const refundId = cancelled.refunds[0].id as string;
    const url = `/v1/refunds/${refundId}/complete`;

    // The buyer sees the refund but may not mark it; staff and strangers do not see it.
    const byBuyer = await call('POST', url, buyer.headers, {});
    expect(byBuyer.statusCode).toBe(403);
    expect(byBuyer.json().code).toBe('AUTH.FORBIDDEN');
    for (const who of [staff, stranger]) {
      const res = await call('POST', url, who.headers, {});
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('TICKETING.REFUND_NOT_FOUND');
    }
    expect(
      (await call('POST', `/v1/refunds/${randomUUID()}/complete`, owner.headers, {})).statusCode,
    ).toBe(404);
    expect((await call('POST', url, undefined, {})).statusCode).toBe(401);

    const done = await call('POST', url, owner.headers, { reference: 'bank transfer 42' });
    expect(done.statusCode).toBe(200);
    expect(done.json().data.refund).toMatchObject({ amountMinor: 3000, status: 'completed' });
    const again = await call('POST', url, owner.headers, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('TICKETING.REFUND_ALREADY_COMPLETED');

    const seen = (await call('GET', `/v1/orders/${pending.id}`, buyer.headers)).json().data;
    expect(seen.refund.status).toBe('completed');
    expect(seen.refunds[0].completedAt).toEqual(expect.any(String));
    // The audit: who, when, how and the reference, and the domain event.
    const [row] = await db.select().from(refunds).where(eq(refunds.id, refundId));
    expect(row).toMatchObject({
      status: 'completed',
      completedBy: owner.id,
      completedVia: 'organizer',
      reference: 'bank transfer 42',
    });
    const events = await db
      .select({ payload: outboxEvents.payload })
      .from(outboxEvents)
      .where(eq(outboxEvents.name, 'ticketing.refund.completed'));
    expect(events.map((e) => e.payload)).toContainEqual(
      expect.objectContaining({
        refundId,
        orderId: pending.id,
        via: 'organizer',
        completedBy: owner.id,
      }),
    );
  });

  it('a payment provider that can pay back completes the refund itself, once', async () => {
    const { owner, sale, buyer } = await setup();
    const real = ctx.modules.ticketing.context.payments.offline;
    const fake = fakeCardProvider();
    ctx.modules.ticketing.context.payments.offline = fake.provider;
    try {
      const order = await buyPaid(sale.eventId, sale.ticketTypeIds[0]!, buyer);
      expect(order.status).toBe('confirmed');
      const ticketId = order.tickets[0].id;
      const after = (await call('POST', `/v1/tickets/${ticketId}/cancel`, buyer.headers)).json()
        .data;
      expect(after.refunds).toMatchObject([{ ticketId, amountMinor: 1500, status: 'pending' }]);
      // The job asks the provider after commit; running it twice refunds once.
      expect(await platform.jobs.drain(sendRefundJob)).toBe(1);
      await platform.jobs.runNow(sendRefundJob, { refundId: after.refunds[0].id });
      expect(fake.refunded).toEqual([
        { refundId: after.refunds[0].id, orderId: order.id, amountMinor: 1500, currency: 'EUR' },
      ]);
      const seen = (await call('GET', `/v1/orders/${order.id}`, buyer.headers)).json().data;
      expect(seen.refunds[0]).toMatchObject({ status: 'completed' });
      const [row] = await db.select().from(refunds).where(eq(refunds.id, after.refunds[0].id));
      expect(row).toMatchObject({
        completedVia: 'provider',
        completedBy: null,
        reference: 'fake-refund-1',
      });
      const late = await call('POST', `/v1/refunds/${row!.id}/complete`, owner.headers, {});
      expect(late.statusCode).toBe(409);
    } finally {
      ctx.modules.ticketing.context.payments.offline = real;
    }
  });

  it('offline refunds queue no provider job', async () => {
    const { owner, sale, buyer } = await setup();
    const pending = await buyPaid(sale.eventId, sale.ticketTypeIds[0]!, buyer);
    await call('POST', `/v1/orders/${pending.id}/mark-paid`, owner.headers);
    await call('POST', `/v1/orders/${pending.id}/cancel`, owner.headers);
    expect(await platform.jobs.drain(sendRefundJob)).toBe(0);
  });

  it('takes no body at all, like the cancel routes; a wrong body is still a 400', async () => {
    const { owner, sale, buyer } = await setup();
    const pending = await buyPaid(sale.eventId, sale.ticketTypeIds[0]!, buyer);
    await call('POST', `/v1/orders/${pending.id}/mark-paid`, owner.headers);
    const cancelled = (await call('POST', `/v1/orders/${pending.id}/cancel`, owner.headers)).json();
    const url = `/v1/refunds/${cancelled.data.refunds[0].id}/complete`;
    const wrong = await call('POST', url, owner.headers, { reference: 'x'.repeat(201) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('REQUEST.VALIDATION_FAILED');
    // No body and no content-type.
    const bare = await app.inject({ method: 'POST', url, headers: owner.headers });
    expect(bare.statusCode).toBe(200);
    expect(bare.json().data.refund).toMatchObject({ status: 'completed' });
    const [row] = await db
      .select()
      .from(refunds)
      .where(eq(refunds.id, cancelled.data.refunds[0].id));
    expect(row).toMatchObject({ completedBy: owner.id, reference: null });
  });
});
