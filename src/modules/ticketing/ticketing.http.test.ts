import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import {
  addOrganizerMember,
  createOrganizer,
  createUser,
} from '../../../test/fixtures/identity.js';
import { createSaleEvent } from '../../../test/fixtures/ticketing.js';
import { verifyTicketCode } from './ticket-codes.js';
import { createPublicKey } from 'node:crypto';

const ctx = await useTestApp();
const { app } = ctx;

type Headers = { authorization: string };
const call = (
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  headers?: Headers,
  payload?: object,
) => app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

async function setup() {
  const owner = await createUser(ctx);
  const organizer = await createOrganizer(ctx, owner);
  const staff = await createUser(ctx);
  await addOrganizerMember(ctx, organizer.id, staff.id, 'staff');
  const sale = await createSaleEvent(ctx, {
    organizerId: organizer.id,
    ticketTypes: [
      { name: 'Free', capacity: 10 },
      { name: 'Paid', capacity: 10, priceMinor: 1200 },
    ],
  });
  const alice = await createUser(ctx);
  const bob = await createUser(ctx);
  return { owner, organizer, staff, sale, alice, bob };
}

async function buy(eventId: number, ticketTypeId: number, who: { headers: Headers }, quantity = 1) {
  const r = await call('POST', `/v1/events/${eventId}/reservations`, who.headers, {
    items: [{ ticketTypeId, quantity }],
  });
  expect(r.statusCode).toBe(201);
  const reservation = r.json().data;
  const o = await call('POST', `/v1/reservations/${reservation.id}/checkout`, who.headers, {
    attendees: Array.from({ length: quantity }, (_, i) => ({
      name: `Guest ${i}`,
      email: `guest${i}@example.test`,
    })),
    paymentMethod: 'free',
  });
  expect(o.statusCode).toBe(201);
  return { reservation, order: o.json().data };
}

describe('ticketing over HTTP', () => {
  it('needs sign-in and a verified email to reserve', async () => {
    const { sale } = await setup();
    const body = { items: [{ ticketTypeId: sale.ticketTypeIds[0], quantity: 1 }] };
    expect(
      (await call('POST', `/v1/events/${sale.eventId}/reservations`, undefined, body)).statusCode,
    ).toBe(401);
    const unverified = await createUser(ctx, { emailVerified: false });
    const res = await call(
      'POST',
      `/v1/events/${sale.eventId}/reservations`,
      unverified.headers,
      body,
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('AUTH.EMAIL_NOT_VERIFIED');
  });

  it("one user cannot read or cancel another's reservation, order or ticket", async () => {
    const { sale, alice, bob } = await setup();
    const { reservation, order } = await buy(sale.eventId, sale.ticketTypeIds[0]!, alice);
    const ticketId = order.tickets[0].id;
    for (const [method, url] of [
      ['GET', `/v1/reservations/${reservation.id}`],
      ['DELETE', `/v1/reservations/${reservation.id}`],
      ['POST', `/v1/reservations/${reservation.id}/checkout`],
      ['GET', `/v1/orders/${order.id}`],
      ['POST', `/v1/orders/${order.id}/cancel`],
      ['POST', `/v1/orders/${order.id}/mark-paid`],
      ['GET', `/v1/tickets/${ticketId}`],
      ['GET', `/v1/tickets/${ticketId}/qr`],
    ] as const) {
      const payload = url.endsWith('checkout')
        ? { attendees: [{ name: 'X', email: 'x@example.test' }], paymentMethod: 'free' }
        : undefined;
      const res = await call(method, url, bob.headers, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await call('GET', `/v1/orders/${order.id}`, alice.headers)).json().data.status).toBe(
      'confirmed',
    );
    const mine = await call('GET', '/v1/me/orders?status=confirmed&sort=-createdAt', bob.headers);
    expect(mine.json()).toMatchObject({ data: [], meta: { total: 0 } });
    expect((await call('GET', '/v1/me/orders?sort=secret', alice.headers)).statusCode).toBe(400);
  });

  it('serves the ticket QR code and the public key that verifies it offline', async () => {
    const { sale, alice } = await setup();
    const { order } = await buy(sale.eventId, sale.ticketTypeIds[0]!, alice);
    const ticket = (await call('GET', `/v1/tickets/${order.tickets[0].id}`, alice.headers)).json()
      .data;
    const svg = await call('GET', `/v1/tickets/${ticket.id}/qr`, alice.headers);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.body).toContain('<svg');
    const png = await call('GET', `/v1/tickets/${ticket.id}/qr?format=png`, alice.headers);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    const key = (await call('GET', '/v1/ticketing/public-key')).json().data;
    const publicKey = createPublicKey(key.pem);
    expect(verifyTicketCode(publicKey, ticket.code)).toMatchObject({ eventId: sale.eventId });
    const tampered = ticket.code.replace(/.$/, (c: string) => (c === 'A' ? 'B' : 'A'));
    expect(verifyTicketCode(publicKey, tampered)).toBe(null);
    const tickets = await call('GET', '/v1/me/tickets?when=upcoming', alice.headers);
    expect(tickets.json().meta.total).toBe(1);
  });

  it('lets organizer staff scan and see stats, but not strangers; managers see orders and CSV', async () => {
    const { sale, alice, bob, staff, owner } = await setup();
    const { order } = await buy(sale.eventId, sale.ticketTypeIds[0]!, alice, 2);
    const code = (await call('GET', `/v1/tickets/${order.tickets[0].id}`, alice.headers)).json()
      .data.code;
    const url = `/v1/events/${sale.eventId}/check-ins`;
    expect((await call('POST', url, bob.headers, { code })).statusCode).toBe(403);
    const first = await call('POST', url, staff.headers, { code });
    expect(first.statusCode).toBe(200);
    expect(first.json().data.attendeeName).toMatch(/^Guest/);
    const second = await call('POST', url, staff.headers, { code });
    expect(second.statusCode).toBe(409);
    expect(second.json().details.checkedInBy.userId).toBe(staff.id);
    const forged = await call('POST', url, staff.headers, { code: `${code.slice(0, -4)}AAAA` });
    expect(forged.statusCode).toBe(404);
    const stats = await call('GET', `/v1/events/${sale.eventId}/check-ins/stats`, staff.headers);
    expect(stats.json().data).toMatchObject({ sold: 2, checkedIn: 1 });
    expect(
      (await call('GET', `/v1/events/${sale.eventId}/check-ins/stats`, bob.headers)).statusCode,
    ).toBe(403);
    // Staff may see the order; only managers and owners may cancel it or mark it paid.
    expect((await call('GET', `/v1/orders/${order.id}`, staff.headers)).statusCode).toBe(200);
    expect((await call('POST', `/v1/orders/${order.id}/cancel`, staff.headers)).statusCode).toBe(
      404,
    );
    const list = await call(
      'GET',
      `/v1/events/${sale.eventId}/orders?q=${order.number}`,
      owner.headers,
    );
    expect(list.json().meta.total).toBe(1);
    const csv = await call('GET', `/v1/events/${sale.eventId}/attendees/export`, owner.headers);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.trim().split('\r\n')).toHaveLength(3);
    const summary = await call('GET', `/v1/events/${sale.eventId}/sales-summary`, owner.headers);
    expect(summary.json().data.ticketTypes[0]).toMatchObject({ sold: 2, held: 0, available: 8 });
  });
});

describe('my waitlist over HTTP', () => {
  it('lists my entries with their place and offer; leaving an offered entry passes the seats on', async () => {
    const { sale, alice, bob, owner } = await setup();
    const carol = await createUser(ctx);
    const typeId = sale.ticketTypeIds[0]!;
    // Sell the type out with two holds, then queue Bob and Carol behind them.
    const big = await call('POST', `/v1/events/${sale.eventId}/reservations`, owner.headers, {
      items: [{ ticketTypeId: typeId, quantity: 8 }],
    });
    const hold = await call('POST', `/v1/events/${sale.eventId}/reservations`, alice.headers, {
      items: [{ ticketTypeId: typeId, quantity: 2 }],
    });
    expect([big.statusCode, hold.statusCode]).toEqual([201, 201]);
    const join = (who: { headers: Headers }) =>
      call('POST', `/v1/events/${sale.eventId}/waitlist`, who.headers, {
        ticketTypeId: typeId,
        quantity: 2,
      });
    expect((await join(bob)).statusCode).toBe(201);
    expect((await join(carol)).statusCode).toBe(201);

    const carolList = await call('GET', '/v1/me/waitlist', carol.headers);
    expect(carolList.statusCode).toBe(200);
    expect(carolList.json()).toMatchObject({
      data: [{ ticketTypeId: typeId, quantity: 2, status: 'waiting', ahead: 1, offer: null }],
      meta: { total: 1 },
    });
    expect((await call('GET', '/v1/me/waitlist', alice.headers)).json().meta.total).toBe(0);
    // Ids beyond PostgreSQL's int4 are bad input (400), never a database error (500).
    for (const [method, url, body] of [
      ['GET', '/v1/me/waitlist?eventId=99999999999', undefined],
      [
        'POST',
        '/v1/events/99999999999/reservations',
        { items: [{ ticketTypeId: typeId, quantity: 1 }] },
      ],
      [
        'POST',
        `/v1/events/${sale.eventId}/reservations`,
        { items: [{ ticketTypeId: 99999999999, quantity: 1 }] },
      ],
    ] as const) {
      expect((await call(method, url, alice.headers, body)).statusCode, url).toBe(400);
    }

    // Alice releases one hold: Bob (first in line) gets an offer, visible in his list.
    const released = await call('DELETE', `/v1/reservations/${hold.json().data.id}`, alice.headers);
    expect(released.statusCode).toBe(200);
    const bobList = (await call('GET', '/v1/me/waitlist?status=offered', bob.headers)).json();
    expect(bobList.data).toHaveLength(1);
    const bobEntry = bobList.data[0];
    expect(bobEntry).toMatchObject({ status: 'offered', ahead: 0 });
    expect(bobEntry.offer).toMatchObject({
      reservationId: bobEntry.reservationId,
      status: 'active',
    });
    expect(new Date(bobEntry.offer.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect((await call('GET', '/v1/me/waitlist?status=waiting', bob.headers)).json().data).toEqual(
      [],
    );
    // Carol is now first among those waiting.
    expect((await call('GET', '/v1/me/waitlist', carol.headers)).json().data[0].ahead).toBe(0);

    // Bob declines by leaving: his offer is released and passes to Carol.
    expect((await call('DELETE', `/v1/waitlist/${bobEntry.id}`, carol.headers)).statusCode).toBe(
      404,
    );
    expect((await call('DELETE', `/v1/waitlist/${bobEntry.id}`, bob.headers)).statusCode).toBe(204);
    const bobAfter = (await call('GET', '/v1/me/waitlist', bob.headers)).json().data[0];
    expect(bobAfter).toMatchObject({ status: 'left', offer: { status: 'released' } });
    const offer = await call('GET', `/v1/reservations/${bobEntry.reservationId}`, bob.headers);
    expect(offer.json().data.status).toBe('released');
    const carolAfter = (await call('GET', '/v1/me/waitlist', carol.headers)).json().data[0];
    expect(carolAfter).toMatchObject({ status: 'offered', offer: { status: 'active' } });
    // Leaving twice is harmless; listing validates its query.
    expect((await call('DELETE', `/v1/waitlist/${bobEntry.id}`, bob.headers)).statusCode).toBe(204);
    expect((await call('GET', '/v1/me/waitlist?status=nope', bob.headers)).statusCode).toBe(400);
    expect((await call('GET', '/v1/me/waitlist')).statusCode).toBe(401);
  });
});
