import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  attendees,
  buyerPrincipal as buyer,
  createSaleEvent,
  errorCode as codeOf,
  useTicketingApp,
} from '../../../test/fixtures/ticketing.js';
import { outboxEvents } from '../../platform/events/outbox.tables.js';
import type { Principal } from '../../platform/http/principal.js';
import { checkIn, checkInStats } from './check-ins.service.js';
import { salesSummary } from './order-lists.service.js';
import { cancelOrder } from './order-cancellation.service.js';
import { checkout, markPaid } from './orders.service.js';
import { reserve } from './reservations.service.js';
import { cancelTicket } from './ticket-cancellation.service.js';
import { getTicket } from './tickets.service.js';
import { refunds, waitlistEntries } from './ticketing.tables.js';
import { joinWaitlist } from './waitlist.service.js';

const { ctx, db, t, organizer, counters } = await useTicketingApp();

/** A confirmed order of `seats` tickets of the sale's first type, paid offline when priced. */
async function buy(eventId: number, ticketTypeId: number, me: Principal, seats: number) {
  const r = await reserve(t(), me, eventId, [{ ticketTypeId, quantity: seats }]);
  const order = await checkout(t(), me, r.id, {
    attendees: attendees(seats),
    paymentMethod: r.totalMinor > 0 ? 'offline' : 'free',
  });
  return order.status === 'confirmed' ? order : markPaid(t(), organizer, order.id);
}

describe('cancelling single tickets', () => {
  it('returns the seat, refunds the ticket price, and the order-wide refund only the rest', async () => {
    const sale = await createSaleEvent(ctx, {
      ticketTypes: [{ name: 'Paid', capacity: 10, priceMinor: 2500 }],
    });
    const typeId = sale.ticketTypeIds[0]!;
    const me = buyer();
    const order = await buy(sale.eventId, typeId, me, 3);
    expect(await counters(sale.eventId)).toMatchObject({ sold: 3, available: 7 });

    // Nobody else can cancel it: not found, as for orders.
    expect(await codeOf(cancelTicket(t(), buyer(), order.tickets[0]!.id))).toBe(
      'TICKETING.TICKET_NOT_FOUND',
    );
    expect(await codeOf(cancelTicket(t(), me, randomUUID()))).toBe('TICKETING.TICKET_NOT_FOUND');

    const after = await cancelTicket(t(), me, order.tickets[0]!.id);
    expect(after.status).toBe('confirmed');
    expect(after.tickets.map((x) => x.status).sort()).toEqual(['cancelled', 'valid', 'valid']);
    expect(after.refund).toMatchObject({ amountMinor: 2500, currency: 'EUR', status: 'pending' });
    expect(await counters(sale.eventId)).toMatchObject({ sold: 2, held: 0, available: 8 });
    expect((await getTicket(t(), me, order.tickets[0]!.id)).status).toBe('cancelled');
    expect(await codeOf(cancelTicket(t(), me, order.tickets[0]!.id))).toBe(
      'TICKETING.TICKET_NOT_CANCELLABLE',
    );
    // The seat's return and the cancellation are announced.
    const announced = await db
      .select({ name: outboxEvents.name, payload: outboxEvents.payload })
      .from(outboxEvents)
      .where(sql`${outboxEvents.payload}->>'eventId' = ${String(sale.eventId)}`)
      .orderBy(outboxEvents.id);
    expect(announced.at(-1)).toMatchObject({
      name: 'ticketing.availability.changed',
      payload: { ticketTypeId: typeId, sold: 2, available: 8 },
    });
    expect(announced.filter((e) => e.name === 'ticketing.ticket.cancelled')).toMatchObject([
      { payload: { ticketId: order.tickets[0]!.id, refundMinor: 2500, by: 'buyer' } },
    ]);
    const summary = await salesSummary(t(), organizer, sale.eventId);
    expect(summary.ticketTypes[0]).toMatchObject({ sold: 2, revenueMinor: 5000 });

    // Cancelling the whole order now refunds the two remaining tickets, not three.
    const cancelled = await cancelOrder(t(), organizer, order.id);
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      refund: { amountMinor: 7500, status: 'pending' },
    });
    const rows = await db.select().from(refunds).where(eq(refunds.orderId, order.id));
    expect(rows.map((r) => r.amountMinor).sort()).toEqual([2500, 5000]);
    expect(await counters(sale.eventId)).toMatchObject({ sold: 0, held: 0, available: 10 });
  });

  it('counts only tickets still valid against the per-person limit', async () => {
    const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'GA', capacity: 50 }] });
    const typeId = sale.ticketTypeIds[0]!;
    const me = buyer();
    // Ten per person: eight bought, a pending hold of two.
    const order = await buy(sale.eventId, typeId, me, 8);
    await reserve(t(), me, sale.eventId, [{ ticketTypeId: typeId, quantity: 2 }]);
    const refused = await reserve(t(), me, sale.eventId, [
      { ticketTypeId: typeId, quantity: 1 },
    ]).catch((e) => e);
    expect(refused).toMatchObject({
      code: 'TICKETING.USER_LIMIT_REACHED',
      details: { limit: 10, alreadyHeld: 10, requested: 1 },
    });
    await cancelTicket(t(), me, order.tickets[0]!.id);
    await cancelTicket(t(), me, order.tickets[1]!.id);
    const again = await reserve(t(), me, sale.eventId, [{ ticketTypeId: typeId, quantity: 2 }]);
    expect(again.status).toBe('active');
  });

  it('cancels the order with its last ticket; free tickets refund nothing', async () => {
    const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'Free', capacity: 4 }] });
    const me = buyer();
    const order = await buy(sale.eventId, sale.ticketTypeIds[0]!, me, 2);
    await cancelTicket(t(), organizer, order.tickets[0]!.id);
    const last = await cancelTicket(t(), organizer, order.tickets[1]!.id);
    expect(last).toMatchObject({ status: 'cancelled', refund: null });
    expect(await counters(sale.eventId)).toMatchObject({ sold: 0, available: 4 });
    expect(await codeOf(cancelOrder(t(), me, order.id))).toBe('TICKETING.ORDER_NOT_CANCELLABLE');
  });

  it('lets the attendee cancel only before the deadline; the organizer at any time', async () => {
    const sale = await createSaleEvent(ctx, {
      ticketTypes: [{ name: 'Soon', capacity: 5 }],
      startsAt: new Date(Date.now() + 3_600_000),
    });
    const me = buyer();
    const order = await buy(sale.eventId, sale.ticketTypeIds[0]!, me, 2);
    expect(await codeOf(cancelTicket(t(), me, order.tickets[0]!.id))).toBe(
      'TICKETING.CANCELLATION_CLOSED',
    );
    const after = await cancelTicket(t(), organizer, order.tickets[0]!.id);
    expect(after.tickets.filter((x) => x.status === 'valid')).toHaveLength(1);
  });

  it('offers the freed seat to the waitlist and refuses the cancelled ticket at the door', async () => {
    const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'Hot', capacity: 2 }] });
    const typeId = sale.ticketTypeIds[0]!;
    const me = buyer();
    const order = await buy(sale.eventId, typeId, me, 2);
    const waiting = buyer();
    await joinWaitlist(t(), waiting, sale.eventId, { ticketTypeId: typeId, quantity: 1 });
    const code = (await getTicket(t(), me, order.tickets[1]!.id)).code;
    await cancelTicket(t(), me, order.tickets[1]!.id);
    const [entry] = await db
      .select()
      .from(waitlistEntries)
      .where(
        and(eq(waitlistEntries.userId, waiting.userId), eq(waitlistEntries.eventId, sale.eventId)),
      );
    expect(entry!.status).toBe('offered');
    expect(await counters(sale.eventId)).toMatchObject({ sold: 1, held: 1, available: 0 });
    const gone = await checkIn(t(), organizer, sale.eventId, { code }).catch((e) => e);
    expect(gone).toMatchObject({ status: 410, code: 'TICKETING.TICKET_CANCELLED' });
  });
});

describe('check-in per occurrence', () => {
  it('admits a ticket once per occurrence of a multi-date event, and names the occurrence', async () => {
    const sale = await createSaleEvent(ctx, {
      ticketTypes: [{ name: 'Pass', capacity: 5 }],
      occurrences: 2,
    });
    const [day1, day2] = (await t().catalog.getEventOccurrences(db, sale.eventId)).map(
      (o) => o.id,
    ) as [number, number];
    const me = buyer();
    const order = await buy(sale.eventId, sale.ticketTypeIds[0]!, me, 1);
    const code = (await getTicket(t(), me, order.tickets[0]!.id)).code;

    // Which day is needed, and must be one of this event's.
    const missing = await checkIn(t(), organizer, sale.eventId, { code }).catch((e) => e);
    expect(missing).toMatchObject({ status: 400, code: 'REQUEST.INVALID' });
    expect(missing.errors[0]).toMatchObject({ field: 'body.occurrenceId' });
    const other = await createSaleEvent(ctx, { ticketTypes: [{ name: 'X', capacity: 1 }] });
    const [foreign] = await t().catalog.getEventOccurrences(db, other.eventId);
    const wrong = await checkIn(t(), organizer, sale.eventId, {
      code,
      occurrenceId: foreign!.id,
    }).catch((e) => e);
    expect(wrong).toMatchObject({ status: 400 });
    expect(wrong.errors[0].field).toBe('body.occurrenceId');

    const first = await checkIn(t(), organizer, sale.eventId, { code, occurrenceId: day1 });
    expect(first.occurrenceId).toBe(day1);
    const again = await checkIn(t(), organizer, sale.eventId, { code, occurrenceId: day1 }).catch(
      (e) => e,
    );
    expect(again).toMatchObject({ status: 409, details: { occurrenceId: day1 } });
    const second = await checkIn(t(), organizer, sale.eventId, { code, occurrenceId: day2 });
    expect(second.occurrenceId).toBe(day2);

    expect(await checkInStats(t(), organizer, sale.eventId)).toMatchObject({
      occurrenceId: null,
      sold: 1,
      checkedIn: 1,
    });
    expect(await codeOf(checkInStats(t(), organizer, other.eventId, { occurrenceId: day1 }))).toBe(
      'REQUEST.INVALID',
    );
  });

  it('records the only occurrence of a single-date event, named or not', async () => {
    const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'GA', capacity: 5 }] });
    const [only] = await t().catalog.getEventOccurrences(db, sale.eventId);
    const me = buyer();
    const order = await buy(sale.eventId, sale.ticketTypeIds[0]!, me, 2);
    const [a, b] = await Promise.all(order.tickets.map((x) => getTicket(t(), me, x.id)));
    const scanned = await checkIn(t(), organizer, sale.eventId, { code: a!.code });
    expect(scanned.occurrenceId).toBe(only!.id);
    // Naming it is the same scan, so a repeat is refused either way.
    expect(
      await codeOf(
        checkIn(t(), organizer, sale.eventId, { code: a!.code, occurrenceId: only!.id }),
      ),
    ).toBe('TICKETING.ALREADY_CHECKED_IN');
    await checkIn(t(), organizer, sale.eventId, { code: b!.code, occurrenceId: only!.id });
    expect(
      await checkInStats(t(), organizer, sale.eventId, { occurrenceId: only!.id }),
    ).toMatchObject({ occurrenceId: only!.id, sold: 2, checkedIn: 2 });
  });
});
