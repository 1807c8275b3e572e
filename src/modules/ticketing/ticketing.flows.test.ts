import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  attendees,
  buyerPrincipal as buyer,
  createSaleEvent,
  errorCode as codeOf,
  holdRequest,
  useTicketingApp,
} from '../../../test/fixtures/ticketing.js';
import { checkIn, checkInStats, undoCheckIn } from './check-ins.service.js';
import { holdInOneStatement } from './holds/holds.repository.js';
import { attendeesCsv, listMyOrders, salesSummary } from './order-lists.service.js';
import { cancelOrder } from './order-cancellation.service.js';
import { checkout, markPaid } from './orders.service.js';
import { getReservation, reserve, sweepAllExpired } from './reservations.service.js';
import { sweepLapsedHoldsJob } from './jobs/index.js';
import { createTicketCode, verifyTicketCode } from './ticket-codes.js';
import { getTicket, listMyTickets } from './tickets.service.js';
import { expireReservationJob } from './jobs/queued-jobs.js';
import { reservations } from './ticketing.tables.js';

const { ctx, platform, db, t, organizer, counters, lapse } = await useTicketingApp();

describe('reservations', () => {
  it('reports a ticket type gone since the sale rules were read as 0 left, not an error', async () => {
    const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'GA', capacity: 5 }] });
    const outcome = await holdInOneStatement(
      platform.database.pool,
      holdRequest(sale.eventId, 2_000_000_000, 1),
    );
    expect(outcome).toMatchObject({ kind: 'short', available: new Map() });
  });

  it('needs a verified email', async () => {
    const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'GA', capacity: 5 }] });
    const unverified = { ...buyer(), emailVerified: false };
    expect(
      await codeOf(
        reserve(t(), unverified, sale.eventId, [
          { ticketTypeId: sale.ticketTypeIds[0]!, quantity: 1 },
        ]),
      ),
    ).toBe('AUTH.EMAIL_NOT_VERIFIED');
  });

  it('is all or nothing across ticket types', async () => {
    const sale = await createSaleEvent(ctx, {
      ticketTypes: [
        { name: 'A', capacity: 5 },
        { name: 'B', capacity: 1 },
      ],
    });
    const [a, b] = sale.ticketTypeIds as [number, number];
    const code = await codeOf(
      reserve(t(), buyer(), sale.eventId, [
        { ticketTypeId: a, quantity: 2 },
        { ticketTypeId: b, quantity: 2 },
      ]),
    );
    expect(code).toBe('TICKETING.SOLD_OUT');
    expect((await counters(sale.eventId, 0)).held).toBe(0);
    expect((await counters(sale.eventId, 1)).held).toBe(0);
  });

  it('gives lapsed holds back by the periodic sweep, and before answering sold out', async () => {
    const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'GA', capacity: 2 }] });
    const typeId = sale.ticketTypeIds[0]!;
    const first = buyer();
    const r1 = await reserve(t(), first, sale.eventId, [{ ticketTypeId: typeId, quantity: 2 }]);
    expect(await counters(sale.eventId)).toMatchObject({ held: 2, available: 0 });
    // A hold carries no job of its own: the sweep, scheduled every minute, gives it back.
    const { rows } = await db.execute<{ n: number }>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'reservationId' = '${r1.id}'`,
    );
    expect(rows[0]!.n).toBe(0);
    const sweep = sweepLapsedHoldsJob(t());
    expect(sweep.schedule).toBe('* * * * *');
    await platform.jobs.runNow(sweep, {});
    expect(await counters(sale.eventId)).toMatchObject({ held: 2 }); // not lapsed yet
    await lapse(r1.id);
    expect((await getReservation(t(), first, r1.id)).status).toBe('expired'); // at read time
    await platform.jobs.runNow(sweep, {});
    expect(await counters(sale.eventId)).toMatchObject({ held: 0, available: 2 });
    const [swept] = await db.select().from(reservations).where(eq(reservations.id, r1.id));
    expect(swept!.status).toBe('expired');

    // Read-time sweep: a lapsed hold the sweep has not reached yet does not block a buyer.
    const r2 = await reserve(t(), buyer(), sale.eventId, [{ ticketTypeId: typeId, quantity: 2 }]);
    await lapse(r2.id);
    const r3 = await reserve(t(), buyer(), sale.eventId, [{ ticketTypeId: typeId, quantity: 1 }]);
    expect(r3.status).toBe('active');
    expect(await counters(sale.eventId)).toMatchObject({ held: 1, available: 1 });
    const [expired] = await db.select().from(reservations).where(eq(reservations.id, r2.id));
    expect(expired!.status).toBe('expired');
    // A per-reservation job queued by an earlier version later finds nothing to do.
    await platform.jobs.runNow(expireReservationJob, { reservationId: r2.id });
    expect(await counters(sale.eventId)).toMatchObject({ held: 1 });
    // Sold out for real: nothing lapsed, so the answer says what is left.
    const refused = await reserve(t(), buyer(), sale.eventId, [
      { ticketTypeId: typeId, quantity: 2 },
    ]).catch((e) => e);
    expect(refused).toMatchObject({
      code: 'TICKETING.SOLD_OUT',
      details: { ticketTypeId: typeId, requested: 2, available: 1 },
    });
  });

  it('answers sold out from memory until a change is heard of, then sells the freed seat', async () => {
    const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'One', capacity: 1 }] });
    const typeId = sale.ticketTypeIds[0]!;
    const held = await reserve(t(), buyer(), sale.eventId, [{ ticketTypeId: typeId, quantity: 1 }]);
    // The hold's own change notification must have arrived before hints are counted:
    // a barrier notification (for an id no event has) is heard only after it.
    const barrier = 2_000_000_000;
    const before = t().catalog.eventChangeMark(barrier);
    await db.execute(sql`SELECT pg_notify('catalog_event_changed', ${`${barrier}:counters`})`);
    await expect.poll(() => t().catalog.eventChangeMark(barrier)).not.toBe(before);
    const holds = () =>
      db
        .execute<{ n: number }>(
          `SELECT count(*)::int AS n FROM ticketing_reservations WHERE event_id = ${sale.eventId}`,
        )
        .then((r) => r.rows[0]!.n);
    const statements: string[] = [];
    const pool = platform.database.pool;
    const query = pool.query.bind(pool);
    pool.query = ((config: { name?: string }, ...rest: unknown[]) => {
      if (config?.name) statements.push(config.name);
      return (query as (...a: unknown[]) => unknown)(config, ...rest);
    }) as typeof pool.query;
    try {
      const refusal = () =>
        reserve(t(), buyer(), sale.eventId, [{ ticketTypeId: typeId, quantity: 1 }]).catch(
          (e: { code: string; details: object }) => e,
        );
      expect(await refusal()).toMatchObject({
        code: 'TICKETING.SOLD_OUT',
        details: { available: 0 },
      });
      expect(statements).toEqual(['ticketing_hold_batch']);
      // The next buyers are told without asking the database.
      expect(await refusal()).toMatchObject({
        code: 'TICKETING.SOLD_OUT',
        details: { available: 0 },
      });
      expect(await refusal()).toMatchObject({ code: 'TICKETING.SOLD_OUT' });
      expect(statements).toEqual(['ticketing_hold_batch']);
    } finally {
      pool.query = query;
    }
    // Another process gives the seat back (plain SQL here): once its notification
    // arrives, the next buyer gets the seat.
    const mark = t().catalog.eventChangeMark(sale.eventId);
    await db.transaction(async (tx) => {
      await tx.update(reservations).set({ status: 'released' }).where(eq(reservations.id, held.id));
      await t().catalog.inventory.release(tx, typeId, 1);
    });
    await expect.poll(() => t().catalog.eventChangeMark(sale.eventId)).not.toBe(mark);
    const next = await reserve(t(), buyer(), sale.eventId, [{ ticketTypeId: typeId, quantity: 1 }]);
    expect(next.status).toBe('active');
    expect(await holds()).toBe(2);
  });

  it('sweeps lapsed holds of several events in one run', async () => {
    const a = await createSaleEvent(ctx, { ticketTypes: [{ name: 'A', capacity: 3 }] });
    const b = await createSaleEvent(ctx, { ticketTypes: [{ name: 'B', capacity: 3 }] });
    const ra = await reserve(t(), buyer(), a.eventId, [
      { ticketTypeId: a.ticketTypeIds[0]!, quantity: 2 },
    ]);
    const rb = await reserve(t(), buyer(), b.eventId, [
      { ticketTypeId: b.ticketTypeIds[0]!, quantity: 3 },
    ]);
    await lapse(ra.id);
    await lapse(rb.id);
    expect(await sweepAllExpired(t(), 1)).toBe(2);
    expect(await counters(a.eventId)).toMatchObject({ held: 0, available: 3 });
    expect(await counters(b.eventId)).toMatchObject({ held: 0, available: 3 });
  });
});

describe('orders, tickets and check-in', () => {
  it('free checkout confirms at once with one signed ticket per seat', async () => {
    const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'Free', capacity: 10 }] });
    const me = buyer();
    const r = await reserve(t(), me, sale.eventId, [
      { ticketTypeId: sale.ticketTypeIds[0]!, quantity: 2 },
    ]);
    expect(
      await codeOf(checkout(t(), me, r.id, { attendees: attendees(1), paymentMethod: 'free' })),
    ).toBe('REQUEST.INVALID');
    expect(
      await codeOf(checkout(t(), me, r.id, { attendees: attendees(2), paymentMethod: 'offline' })),
    ).toBe('TICKETING.PAYMENT_METHOD_NOT_ALLOWED');
    const order = await checkout(t(), me, r.id, { attendees: attendees(2), paymentMethod: 'free' });
    expect(order).toMatchObject({ status: 'confirmed', totalMinor: 0, currency: 'EUR' });
    expect(order.number).toMatch(/^MQ-/);
    expect(order.tickets).toHaveLength(2);
    expect(await counters(sale.eventId)).toMatchObject({ sold: 2, held: 0, available: 8 });
    const ticket = await getTicket(t(), me, order.tickets[0]!.id);
    expect(verifyTicketCode(t().signer.publicKey, ticket.code)).toMatchObject({
      eventId: sale.eventId,
    });
    // Someone else cannot see it, nor the order.
    expect(await codeOf(getTicket(t(), buyer(), ticket.id))).toBe('TICKETING.TICKET_NOT_FOUND');
    expect(await codeOf(cancelOrder(t(), buyer(), order.id))).toBe('TICKETING.ORDER_NOT_FOUND');
    expect(await codeOf(getReservation(t(), buyer(), r.id))).toBe(
      'TICKETING.RESERVATION_NOT_FOUND',
    );
    const mine = await listMyTickets(
      t(),
      me,
      { when: 'upcoming' },
      { page: 1, limit: 20, offset: 0 },
      [{ field: 'createdAt', direction: 'desc' }],
    );
    expect(mine.total).toBe(2);
    const past = await listMyOrders(t(), me, { when: 'past' }, { page: 1, limit: 20, offset: 0 }, [
      { field: 'createdAt', direction: 'desc' },
    ]);
    expect(past.total).toBe(0);
  });

  it('checks in once: 200, then 409 with when and by whom; forged 404; cancelled 410; undo', async () => {
    const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'Door', capacity: 10 }] });
    const me = buyer();
    const r = await reserve(t(), me, sale.eventId, [
      { ticketTypeId: sale.ticketTypeIds[0]!, quantity: 2 },
    ]);
    const order = await checkout(t(), me, r.id, { attendees: attendees(2), paymentMethod: 'free' });
    const firstTicket = order.tickets.find((x) => x.attendeeName === 'Ada 0')!;
    const code = (await getTicket(t(), me, firstTicket.id)).code;

    const first = await checkIn(t(), organizer, sale.eventId, { code });
    expect(first.attendeeName).toBe('Ada 0');
    const again = await checkIn(t(), organizer, sale.eventId, { code }).catch((e) => e);
    expect(again).toMatchObject({ status: 409, code: 'TICKETING.ALREADY_CHECKED_IN' });
    expect(again.details).toMatchObject({
      checkedInAt: first.checkedInAt,
      checkedInBy: { userId: organizer.userId },
    });

    // Forged: a well-formed code signed by another key; altered: one character changed.
    const forged = createTicketCode(
      {
        ...t().signer,
        privateKey: (await import('node:crypto')).generateKeyPairSync('ed25519').privateKey,
      },
      sale.eventId,
    );
    const altered = code.slice(0, 12) + (code[12] === 'A' ? 'B' : 'A') + code.slice(13);
    expect(verifyTicketCode(t().signer.publicKey, forged)).toBe(null);
    expect(verifyTicketCode(t().signer.publicKey, altered)).toBe(null);
    expect(await codeOf(checkIn(t(), organizer, sale.eventId, { code: forged }))).toBe(
      'TICKETING.TICKET_NOT_FOUND',
    );
    expect(await codeOf(checkIn(t(), organizer, sale.eventId, { code: altered }))).toBe(
      'TICKETING.TICKET_NOT_FOUND',
    );
    // A genuine code of another event is named as such here.
    const other = await createSaleEvent(ctx, { ticketTypes: [{ name: 'X', capacity: 1 }] });
    expect(await codeOf(checkIn(t(), organizer, other.eventId, { code }))).toBe(
      'TICKETING.TICKET_FOR_OTHER_EVENT',
    );

    await undoCheckIn(t(), organizer, first.checkInId);
    const rescan = await checkIn(t(), organizer, sale.eventId, { code });
    expect(rescan.checkInId).not.toBe(first.checkInId);
    const stats = await checkInStats(t(), organizer, sale.eventId);
    expect(stats).toMatchObject({ sold: 2, checkedIn: 1 });

    await cancelOrder(t(), organizer, order.id);
    const second = (await getTicket(t(), me, order.tickets.find((x) => x !== firstTicket)!.id))
      .code;
    const gone = await checkIn(t(), organizer, sale.eventId, { code: second }).catch((e) => e);
    expect(gone).toMatchObject({ status: 410, code: 'TICKETING.TICKET_CANCELLED' });
  });

  it('offline orders wait for mark-paid; cancelling a paid order records a refund', async () => {
    const sale = await createSaleEvent(ctx, {
      ticketTypes: [{ name: 'Paid', capacity: 10, priceMinor: 2500 }],
    });
    const me = buyer();
    const r = await reserve(t(), me, sale.eventId, [
      { ticketTypeId: sale.ticketTypeIds[0]!, quantity: 2 },
    ]);
    const order = await checkout(t(), me, r.id, {
      attendees: attendees(2),
      paymentMethod: 'offline',
    });
    expect(order).toMatchObject({ status: 'pending_payment', totalMinor: 5000, tickets: [] });
    expect(order.paymentDueAt).not.toBe(null);
    expect(await counters(sale.eventId)).toMatchObject({ sold: 0, held: 2 });
    expect(await codeOf(markPaid(t(), me, order.id))).toBe('AUTH.FORBIDDEN');
    const paid = await markPaid(t(), organizer, order.id);
    expect(paid).toMatchObject({ status: 'confirmed' });
    expect(paid.tickets).toHaveLength(2);
    expect(await counters(sale.eventId)).toMatchObject({ sold: 2, held: 0 });
    const summary = await salesSummary(t(), organizer, sale.eventId);
    expect(summary.ticketTypes[0]).toMatchObject({ capacity: 10, sold: 2, revenueMinor: 5000 });
    const csv = await attendeesCsv(t(), organizer, sale.eventId);
    expect(csv.split('\r\n')[0]).toContain('attendee_email');
    expect(csv).toContain('ada1@example.test');

    const cancelled = await cancelOrder(t(), me, order.id);
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      refund: { amountMinor: 5000, status: 'pending' },
    });
    expect(await counters(sale.eventId)).toMatchObject({ sold: 0, held: 0, available: 10 });
  });

  it('refuses attendee cancellation after the deadline, but lets the organizer cancel', async () => {
    const sale = await createSaleEvent(ctx, {
      ticketTypes: [{ name: 'Soon', capacity: 5 }],
      startsAt: new Date(Date.now() + 3_600_000),
    });
    const me = buyer();
    const r = await reserve(t(), me, sale.eventId, [
      { ticketTypeId: sale.ticketTypeIds[0]!, quantity: 1 },
    ]);
    const order = await checkout(t(), me, r.id, { attendees: attendees(1), paymentMethod: 'free' });
    expect(await codeOf(cancelOrder(t(), me, order.id))).toBe('TICKETING.CANCELLATION_CLOSED');
    expect((await cancelOrder(t(), organizer, order.id)).status).toBe('cancelled');
  });
});
