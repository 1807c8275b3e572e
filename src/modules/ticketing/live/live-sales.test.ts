import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import {
  addOrganizerMember,
  createOrganizer,
  createUser,
  type TestUser,
} from '../../../../test/fixtures/identity.js';
import { attendees, createSaleEvent, httpCaller } from '../../../../test/fixtures/ticketing.js';
import { openSocket, type ServerMessage, type TestSocket } from '../../../../test/sockets.js';
import { outboxDeliveries, outboxEvents } from '../../../platform/events/outbox.tables.js';
import { organizerChannelKey, userChannelKey } from '../../identity/index.js';

const ctx = await useTestApp();
const call = httpCaller(ctx);
let baseUrl = '';
const sockets: TestSocket[] = [];
beforeAll(async () => {
  baseUrl = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => sockets.forEach((s) => s.close()));

async function socket(user?: TestUser): Promise<TestSocket> {
  const s = await openSocket(baseUrl);
  sockets.push(s);
  if (user) expect((await s.auth(user.accessToken)).type).toBe('authenticated');
  return s;
}

const ofType = (type: string) => (m: ServerMessage) => m.type === type;

/** Proves nothing else was sent on `key` before: a marker published now arrives first. */
async function nothingBefore(s: TestSocket, key: string, type: string) {
  await ctx.platform.realtime.publish(key, 'test.marker', {});
  await s.next(ofType('test.marker'));
  expect(s.received.filter(ofType(type))).toEqual([]);
}

async function organizerWithEvent() {
  const owner = await createUser(ctx);
  const organizer = await createOrganizer(ctx, owner);
  const staff = await createUser(ctx);
  await addOrganizerMember(ctx, organizer.id, staff.id, 'staff');
  const sale = await createSaleEvent(ctx, {
    organizerId: organizer.id,
    ticketTypes: [
      { name: 'Paid', capacity: 10, priceMinor: 1200, currency: 'EUR' },
      { name: 'Free', capacity: 1 },
    ],
  });
  return { owner, organizer, staff, sale };
}

async function reserve(who: TestUser, eventId: number, ticketTypeId: number, quantity: number) {
  const r = await call('POST', `/v1/events/${eventId}/reservations`, who.headers, {
    items: [{ ticketTypeId, quantity }],
  });
  expect(r.statusCode).toBe(201);
  return r.json().data as { id: string };
}

async function checkout(who: TestUser, reservationId: string, n: number, method: string) {
  const o = await call('POST', `/v1/reservations/${reservationId}/checkout`, who.headers, {
    attendees: attendees(n),
    paymentMethod: method,
  });
  expect(o.statusCode).toBe(201);
  return o.json().data as { id: string; number: string; tickets: { id: string }[] };
}

describe('organizer:{id}, the team’s live view', () => {
  it('gives staff each confirmed order and check-in with running totals; refuses other organizers', async () => {
    const { owner, organizer, staff, sale } = await organizerWithEvent();
    const key = organizerChannelKey(organizer.id);
    const team = await socket(staff);
    expect((await team.subscribe(key)).type).toBe('subscribed');
    const otherOwner = await createUser(ctx);
    const other = await createOrganizer(ctx, otherOwner);
    const outsider = await socket(otherOwner);
    expect((await outsider.subscribe(key)).data).toMatchObject({ code: 'REALTIME.FORBIDDEN' });
    expect((await outsider.subscribe(organizerChannelKey(other.id))).type).toBe('subscribed');
    expect((await (await socket()).subscribe(key)).data).toMatchObject({
      code: 'REALTIME.SIGN_IN_REQUIRED',
    });

    const buyer = await createUser(ctx);
    const hold = await reserve(buyer, sale.eventId, sale.ticketTypeIds[0]!, 2);
    const order = await checkout(buyer, hold.id, 2, 'offline');
    await ctx.platform.relay.drain();
    const paid = await call('POST', `/v1/orders/${order.id}/mark-paid`, owner.headers);
    expect(paid.statusCode).toBe(200);
    // Tickets are issued once the order is paid.
    const tickets = paid.json().data.tickets as { id: string }[];
    expect(tickets).toHaveLength(2);
    await ctx.platform.relay.drain();
    const confirmed = await team.next(ofType('order.confirmed'));
    expect(confirmed).toMatchObject({
      channel: key,
      data: {
        eventId: sale.eventId,
        orderId: order.id,
        tickets: 2,
        totalMinor: 2400,
        currency: 'EUR',
        totals: {
          ticketsSold: 2,
          checkedIn: 0,
          revenue: [{ currency: 'EUR', amountMinor: 2400 }],
        },
      },
    });

    const ticket = await call('GET', `/v1/tickets/${tickets[0]!.id}`, buyer.headers);
    const scan = await call('POST', `/v1/events/${sale.eventId}/check-ins`, staff.headers, {
      code: ticket.json().data.code,
    });
    expect(scan.statusCode).toBe(200);
    await ctx.platform.relay.drain();
    const checkin = await team.next(ofType('checkin'));
    expect(checkin.data).toMatchObject({
      eventId: sale.eventId,
      ticketId: tickets[0]!.id,
      ticketTypeId: sale.ticketTypeIds[0],
      totals: { ticketsSold: 2, checkedIn: 1 },
    });
    expect(checkin.seq).toBeGreaterThan(confirmed.seq!);

    // A cancelled ticket takes its seat and its price out of the totals.
    const cancel = await call('POST', `/v1/tickets/${tickets[1]!.id}/cancel`, buyer.headers);
    expect(cancel.statusCode).toBe(200);
    await ctx.platform.relay.drain();
    expect((await team.next(ofType('ticket.cancelled'))).data).toMatchObject({
      ticketId: tickets[1]!.id,
      by: 'buyer',
      totals: { ticketsSold: 1, checkedIn: 1, revenue: [{ currency: 'EUR', amountMinor: 1200 }] },
    });
    // The other organizer's team heard nothing of this event.
    for (const type of ['order.confirmed', 'checkin', 'ticket.cancelled'])
      await nothingBefore(outsider, organizerChannelKey(other.id), type);
  });
});

describe('user, the buyer’s own stream', () => {
  it('gets the buyer their order confirmed and cancelled, and nobody else', async () => {
    const { sale } = await organizerWithEvent();
    const buyer = await createUser(ctx);
    const stranger = await createUser(ctx);
    const mine = await socket(buyer);
    const theirs = await socket(stranger);
    await mine.subscribe('user');
    await theirs.subscribe('user');
    const hold = await reserve(buyer, sale.eventId, sale.ticketTypeIds[1]!, 1);
    const order = await checkout(buyer, hold.id, 1, 'free');
    await ctx.platform.relay.drain();
    expect(await mine.next(ofType('order.confirmed'))).toMatchObject({
      channel: 'user',
      data: {
        orderId: order.id,
        number: order.number,
        eventId: sale.eventId,
        eventTitle: 'Ticketing test event',
        tickets: 1,
        totalMinor: 0,
      },
    });
    const cancelled = await call('POST', `/v1/orders/${order.id}/cancel`, buyer.headers);
    expect(cancelled.statusCode).toBe(200);
    await ctx.platform.relay.drain();
    expect((await mine.next(ofType('order.cancelled'))).data).toMatchObject({
      orderId: order.id,
      status: 'cancelled',
      reason: 'buyer',
    });
    await nothingBefore(theirs, userChannelKey(stranger.id), 'order.confirmed');
    expect(theirs.received.filter(ofType('order.cancelled'))).toEqual([]);
  });

  it('tells a waiting user their waitlist offer', async () => {
    const { sale } = await organizerWithEvent();
    const free = sale.ticketTypeIds[1]!;
    const holder = await createUser(ctx);
    const waiter = await createUser(ctx);
    const hold = await reserve(holder, sale.eventId, free, 1);
    const join = await call('POST', `/v1/events/${sale.eventId}/waitlist`, waiter.headers, {
      ticketTypeId: free,
      quantity: 1,
    });
    expect(join.statusCode).toBe(201);
    const s = await socket(waiter);
    await s.subscribe('user');
    expect((await call('DELETE', `/v1/reservations/${hold.id}`, holder.headers)).statusCode).toBe(
      200,
    );
    await ctx.platform.relay.drain();
    const offer = await s.next(ofType('waitlist.offered'));
    expect(offer.data).toMatchObject({
      eventId: sale.eventId,
      ticketTypeId: free,
      entryId: join.json().data.id,
      quantity: 1,
    });
    const reservation = await call(
      'GET',
      `/v1/reservations/${(offer.data as { reservationId: string }).reservationId}`,
      waiter.headers,
    );
    expect(reservation.json().data.status).toBe('active');
  });

  it('publishes a delivery once when the relay delivers it again', async () => {
    const { sale } = await organizerWithEvent();
    const buyer = await createUser(ctx);
    const key = userChannelKey(buyer.id);
    const hold = await reserve(buyer, sale.eventId, sale.ticketTypeIds[1]!, 1);
    const order = await checkout(buyer, hold.id, 1, 'free');
    await ctx.platform.relay.drain();
    const { store } = ctx.platform.realtime;
    const seq = await store.currentSeq(key);
    expect(seq).toBe(1);
    // As if the relay's transaction had rolled back after the message went out.
    const confirmedRows = await ctx.platform.database.db
      .select({ id: outboxEvents.id, payload: outboxEvents.payload })
      .from(outboxEvents)
      .where(eq(outboxEvents.name, 'ticketing.order.confirmed'));
    const mineRow = confirmedRows.find((r) => r.payload.orderId === order.id)!;
    const subscriber = 'ticketing.live.user.order-confirmed';
    await ctx.platform.database.db
      .delete(outboxDeliveries)
      .where(
        and(eq(outboxDeliveries.eventId, mineRow.id), eq(outboxDeliveries.subscriber, subscriber)),
      );
    await ctx.platform.database.db
      .update(outboxEvents)
      .set({ publishedAt: null })
      .where(eq(outboxEvents.id, mineRow.id));
    expect(await ctx.platform.relay.drain()).toBeGreaterThan(0);
    const redelivered = await ctx.platform.database.db
      .select()
      .from(outboxDeliveries)
      .where(
        and(eq(outboxDeliveries.eventId, mineRow.id), eq(outboxDeliveries.subscriber, subscriber)),
      );
    expect(redelivered).toHaveLength(1);
    expect(await store.currentSeq(key)).toBe(seq);
  });
});
