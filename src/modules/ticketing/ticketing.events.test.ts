import { eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  attendees,
  buyerPrincipal as buyer,
  cancelSaleEvent,
  createSaleEvent,
  useTicketingApp,
} from '../../../test/fixtures/ticketing.js';
import { payloadMismatch } from '../../platform/events/event-catalogue.js';
import { outboxEvents } from '../../platform/events/outbox.tables.js';
import { checkIn } from './check-ins.service.js';
import { cancelOrder } from './order-cancellation.service.js';
import { checkout, markPaid } from './orders.service.js';
import { completeRefund } from './refunds.service.js';
import { releaseReservation, reserve, sweepAllExpired } from './reservations.service.js';
import { cancelTicket } from './ticket-cancellation.service.js';
import { ticketingEvents } from './ticketing.events.js';
import { refunds } from './ticketing.tables.js';
import { getTicket } from './tickets.service.js';
import { joinWaitlist } from './waitlist.service.js';

const { ctx, platform, db, t, organizer, lapse } = await useTicketingApp();

describe('ticketing events', () => {
  it('every payload the main flows put in the outbox matches its declared schema', async () => {
    const sale = await createSaleEvent(ctx, {
      ticketTypes: [
        { name: 'Paid', capacity: 5, priceMinor: 1500 },
        { name: 'Free', capacity: 5 },
        { name: 'Last', capacity: 1 },
      ],
    });
    const [paid, free, last] = sale.ticketTypeIds as [number, number, number];
    const { eventId } = sale;

    // Hold, checkout (paid offline), check-in, cancel a ticket, complete its refund.
    const ada = buyer();
    const held = await reserve(t(), ada, eventId, [{ ticketTypeId: paid, quantity: 2 }]);
    const pending = await checkout(t(), ada, held.id, {
      attendees: attendees(2),
      paymentMethod: 'offline',
    });
    const order = await markPaid(t(), organizer, pending.id);
    const [first, second] = order.tickets.map((x) => x.id) as [string, string];
    await checkIn(t(), organizer, eventId, { code: (await getTicket(t(), ada, first)).code });
    await cancelTicket(t(), ada, second);
    const [refund] = await db.select().from(refunds).where(eq(refunds.ticketId, second));
    await completeRefund(t(), organizer, refund!.id, { reference: 'bank transfer 1' });

    // A free order cancelled by its buyer.
    const bob = buyer();
    const bobs = await reserve(t(), bob, eventId, [{ ticketTypeId: free, quantity: 1 }]);
    const bobOrder = await checkout(t(), bob, bobs.id, {
      attendees: attendees(1),
      paymentMethod: 'free',
    });
    await cancelOrder(t(), bob, bobOrder.id);

    // A lapsed hold swept.
    const lapsed = await reserve(t(), buyer(), eventId, [{ ticketTypeId: free, quantity: 1 }]);
    await lapse(lapsed.id);
    await sweepAllExpired(t());

    // The last seat released to the waitlist, then the event cancelled with people waiting.
    const cy = buyer();
    const lastHold = await reserve(t(), cy, eventId, [{ ticketTypeId: last, quantity: 1 }]);
    await joinWaitlist(t(), buyer(), eventId, { ticketTypeId: last, quantity: 1 });
    await releaseReservation(t(), cy, lastHold.id);
    await joinWaitlist(t(), buyer(), eventId, { ticketTypeId: last, quantity: 1 });
    await t().holds.flush();
    await cancelSaleEvent(ctx, sale);
    await platform.relay.drain();

    const rows = await db
      .select({ name: outboxEvents.name, payload: outboxEvents.payload })
      .from(outboxEvents)
      .where(like(outboxEvents.name, 'ticketing.%'));
    const mismatches = rows
      .map((r) => payloadMismatch(r.name, r.payload))
      .filter((m) => m !== undefined);
    expect(mismatches).toEqual([]);
    // Every declared event was driven at least once (the test covers them all).
    expect(new Set(rows.map((r) => r.name))).toEqual(new Set(Object.keys(ticketingEvents.schemas)));
  });

  it('tells a payload that does not match its schema (the check catches a wrong one)', () => {
    expect(
      payloadMismatch('ticketing.reservation.expired', { reservationId: 'not-a-uuid' }),
    ).toMatch(/does not match/);
    expect(
      payloadMismatch('ticketing.order.cancelled', {
        orderId: '00000000-0000-4000-8000-000000000000',
        eventId: 1,
      }),
    ).toMatch(/does not match/);
  });
});
