import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  attendees,
  buyerPrincipal as buyer,
  cancelSaleEvent,
  createSaleEvent,
  errorCode as codeOf,
  useTicketingApp,
} from '../../../test/fixtures/ticketing.js';
import { outboxEvents } from '../../platform/events/outbox.tables.js';
import { checkout, markPaid } from './orders.service.js';
import { expireReservation, getReservation, reserve } from './reservations.service.js';
import { refunds, reservations, waitlistEntries } from './ticketing.tables.js';
import { joinWaitlist, listMyWaitlist } from './waitlist.service.js';

const { ctx, platform, db, t, organizer, counters, lapse } = await useTicketingApp();

describe('waitlist and event cancellation', () => {
  it('offers freed seats to waiting buyers in arrival order, and passes unclaimed offers on', async () => {
    const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'Hot', capacity: 2 }] });
    const typeId = sale.ticketTypeIds[0]!;
    const holder = buyer();
    const r = await reserve(t(), holder, sale.eventId, [{ ticketTypeId: typeId, quantity: 2 }]);
    expect(
      await codeOf(
        joinWaitlist(t(), buyer(), sale.eventId, { ticketTypeId: typeId, quantity: 11 }),
      ),
    ).toBe('TICKETING.QUANTITY_NOT_ALLOWED');
    const [w1, w2, w3] = [buyer(), buyer(), buyer()];
    const e1 = await joinWaitlist(t(), w1, sale.eventId, { ticketTypeId: typeId, quantity: 1 });
    const e2 = await joinWaitlist(t(), w2, sale.eventId, { ticketTypeId: typeId, quantity: 1 });
    const e3 = await joinWaitlist(t(), w3, sale.eventId, { ticketTypeId: typeId, quantity: 1 });
    expect([e1.ahead, e2.ahead, e3.ahead]).toEqual([0, 1, 2]);

    // The holder's reservation lapses: two seats free up, the first two in line get offers.
    await lapse(r.id);
    await expireReservation(t(), r.id);
    const entries = async () =>
      db
        .select()
        .from(waitlistEntries)
        .where(eq(waitlistEntries.ticketTypeId, typeId))
        .orderBy(waitlistEntries.position);
    expect((await entries()).map((e) => e.status)).toEqual(['offered', 'offered', 'waiting']);
    expect(await counters(sale.eventId)).toMatchObject({ held: 2, available: 0 });
    const offered = await db
      .select({ id: outboxEvents.id, payload: outboxEvents.payload })
      .from(outboxEvents)
      .where(eq(outboxEvents.name, 'ticketing.waitlist.offered'))
      .orderBy(outboxEvents.id);
    const mine = offered
      .filter((o) => o.payload.ticketTypeId === typeId)
      .map((o) => o.payload.userId);
    expect(mine).toEqual([w1.userId, w2.userId]);

    // w1 claims; w2 lets the offer lapse, so it passes to w3.
    const [o1, o2] = await entries();
    const order = await checkout(t(), w1, o1!.reservationId!, {
      attendees: attendees(1),
      paymentMethod: 'free',
    });
    expect(order.status).toBe('confirmed');
    await lapse(o2!.reservationId!);
    await expireReservation(t(), o2!.reservationId!);
    expect((await entries()).map((e) => e.status)).toEqual(['claimed', 'expired', 'offered']);
    const offer3 = (await entries())[2]!;
    expect((await getReservation(t(), w3, offer3.reservationId!)).fromWaitlist).toBe(true);
  });

  it('cancelling the event cancels every order, releases holds and records refunds, once', async () => {
    const sale = await createSaleEvent(ctx, {
      ticketTypes: [
        { name: 'Paid', capacity: 10, priceMinor: 1000 },
        { name: 'Free', capacity: 10 },
      ],
    });
    const [paidType, freeType] = sale.ticketTypeIds as [number, number];
    const a = buyer();
    const ra = await reserve(t(), a, sale.eventId, [{ ticketTypeId: paidType, quantity: 2 }]);
    const paid = await markPaid(
      t(),
      organizer,
      (await checkout(t(), a, ra.id, { attendees: attendees(2), paymentMethod: 'offline' })).id,
    );
    const b = buyer();
    const rb = await reserve(t(), b, sale.eventId, [{ ticketTypeId: freeType, quantity: 1 }]);
    const free = await checkout(t(), b, rb.id, { attendees: attendees(1), paymentMethod: 'free' });
    const c = buyer();
    const rc = await reserve(t(), c, sale.eventId, [{ ticketTypeId: paidType, quantity: 1 }]);
    const pending = await checkout(t(), c, rc.id, {
      attendees: attendees(1),
      paymentMethod: 'offline',
    });
    const holdOnly = await reserve(t(), buyer(), sale.eventId, [
      { ticketTypeId: freeType, quantity: 3 },
    ]);

    await cancelSaleEvent(ctx, sale);
    await platform.relay.drain();

    for (const id of [paid.id, free.id, pending.id]) {
      const [row] = await db
        .execute<{ status: string }>(`SELECT status FROM ticketing_orders WHERE id = '${id}'`)
        .then((r) => r.rows);
      expect(row!.status).toBe('cancelled');
    }
    const [hold] = await db.select().from(reservations).where(eq(reservations.id, holdOnly.id));
    expect(hold!.status).toBe('released');
    const recorded = await db
      .select()
      .from(refunds)
      .where(and(eq(refunds.orderId, paid.id)));
    expect(recorded).toMatchObject([{ amountMinor: 2000, currency: 'EUR', status: 'pending' }]);
    const all = await db.execute(
      `SELECT count(*)::int AS n FROM ticketing_refunds r JOIN ticketing_orders o ON o.id = r.order_id WHERE o.event_id = ${sale.eventId}`,
    );
    expect(all.rows[0]).toEqual({ n: 1 });
    for (const i of [0, 1])
      expect(await counters(sale.eventId, i)).toMatchObject({ sold: 0, held: 0, available: 10 });
    // A redelivery changes nothing.
    await platform.relay.drain();
    expect((await db.select().from(refunds).where(eq(refunds.orderId, paid.id))).length).toBe(1);
  });

  it('cancelling the event ends its waiting entries and unclaimed offers as cancelled', async () => {
    const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'Gone', capacity: 1 }] });
    const typeId = sale.ticketTypeIds[0]!;
    const r = await reserve(t(), buyer(), sale.eventId, [{ ticketTypeId: typeId, quantity: 1 }]);
    const [offered, waiting] = [buyer(), buyer()];
    await joinWaitlist(t(), offered, sale.eventId, { ticketTypeId: typeId, quantity: 1 });
    await joinWaitlist(t(), waiting, sale.eventId, { ticketTypeId: typeId, quantity: 1 });
    await lapse(r.id);
    await expireReservation(t(), r.id);

    await cancelSaleEvent(ctx, sale);
    const statusOf = async (who: typeof offered) =>
      (
        await listMyWaitlist(
          t(),
          who,
          { eventId: sale.eventId },
          { page: 1, limit: 10, offset: 0 },
          [{ field: 'createdAt', direction: 'desc' }],
        )
      ).items.map((e) => e.status);
    expect(await statusOf(offered)).toEqual(['cancelled']);
    expect(await statusOf(waiting)).toEqual(['cancelled']);
  });
});
