import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import {
  addOrganizerMember,
  createOrganizer,
  createUser,
} from '../../../../test/fixtures/identity.js';
import {
  adminPrincipal,
  attendees,
  counters,
  createSaleEvent,
  httpCaller,
} from '../../../../test/fixtures/ticketing.js';
import { openSocket, type ServerMessage, type TestSocket } from '../../../../test/sockets.js';
import { sweepExpired } from '../reservations.service.js';
import { reservations } from '../ticketing.tables.js';
import { eq } from 'drizzle-orm';
import type { EventAvailability } from './availability-data.js';

const ctx = await useTestApp();
const call = httpCaller(ctx);
const live = () => ctx.modules.ticketing.context.live;
let baseUrl = '';
const sockets: TestSocket[] = [];
beforeAll(async () => {
  baseUrl = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => sockets.forEach((s) => s.close()));

async function socket(token?: string): Promise<TestSocket> {
  const s = await openSocket(baseUrl);
  sockets.push(s);
  if (token) expect((await s.auth(token)).type).toBe('authenticated');
  return s;
}

const channel = (eventId: number | string) => `event:${eventId}:availability`;
const availability = (m: ServerMessage) => m.data as unknown as EventAvailability;
/** The next availability message whose first ticket type matches. */
const nextWith = (s: TestSocket, eventId: number, match: Record<string, unknown>) =>
  s.next(
    (m) =>
      m.type === 'availability' &&
      m.channel === channel(eventId) &&
      Object.entries(match).every(
        ([k, v]) => (availability(m).ticketTypes[0] as unknown as Record<string, unknown>)[k] === v,
      ),
  );

/** Resolves when this instance stops watching the event. */
const idleOf = (eventId: number) =>
  new Promise<void>((resolve) => {
    const seen = (id: number) => {
      if (id !== eventId) return;
      live().off('idle', seen);
      resolve();
    };
    live().on('idle', seen);
  });

async function teamEvent(publish = true) {
  const owner = await createUser(ctx, { roles: ['organizer'] });
  const organizer = await createOrganizer(ctx, owner);
  const sale = await createSaleEvent(ctx, {
    organizerId: organizer.id,
    publish,
    ticketTypes: [
      { name: 'GA', capacity: 20 },
      { name: 'VIP', capacity: 3, priceMinor: 9000 },
    ],
  });
  return { owner, organizer, sale };
}

describe('event:{id}:availability', () => {
  it('gives anonymous sockets a snapshot of a published event, then each hold, expiry and checkout', async () => {
    const { sale } = await teamEvent();
    const [ga, vip] = sale.ticketTypeIds;
    const s = await socket();
    const subscribed = await s.subscribe(channel(sale.eventId));
    expect(subscribed).toMatchObject({ type: 'subscribed', channel: channel(sale.eventId) });
    const snapshot = availability(await s.next((m) => m.type === 'availability'));
    expect(snapshot).toMatchObject({
      eventId: sale.eventId,
      ticketTypes: [
        { id: ga, name: 'GA', capacity: 20, sold: 0, held: 0, available: 20, status: 'available' },
        // Three seats are few whatever the type's size: low from the start.
        { id: vip, name: 'VIP', capacity: 3, sold: 0, held: 0, available: 3, status: 'low' },
      ],
    });
    expect(Date.parse(snapshot.at)).toBeGreaterThan(Date.now() - 60_000);

    const buyer = await createUser(ctx);
    const hold = await call('POST', `/v1/events/${sale.eventId}/reservations`, buyer.headers, {
      items: [{ ticketTypeId: ga, quantity: 2 }],
    });
    expect(hold.statusCode).toBe(201);
    const held = availability(await nextWith(s, sale.eventId, { held: 2 }));
    expect(held.ticketTypes[0]).toMatchObject({ held: 2, available: 18, sold: 0 });

    // The hold lapses; the sweep gives its seats back.
    await ctx.platform.database.db
      .update(reservations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(reservations.id, hold.json().data.id));
    expect(await sweepExpired(ctx.modules.ticketing.context)).toBe(1);
    await nextWith(s, sale.eventId, { held: 0, available: 20 });

    const again = await call('POST', `/v1/events/${sale.eventId}/reservations`, buyer.headers, {
      items: [{ ticketTypeId: ga, quantity: 1 }],
    });
    await nextWith(s, sale.eventId, { held: 1 });
    const order = await call(
      'POST',
      `/v1/reservations/${again.json().data.id}/checkout`,
      buyer.headers,
      { attendees: attendees(1), paymentMethod: 'free' },
    );
    expect(order.statusCode).toBe(201);
    const sold = availability(await nextWith(s, sale.eventId, { sold: 1, held: 0 }));
    expect(sold.ticketTypes[0]!.available).toBe((await counters(ctx, sale.eventId)).available);
  });

  it('follows capacity edits and says low, then sold out', async () => {
    const { owner, sale } = await teamEvent();
    const s = await socket();
    await s.subscribe(channel(sale.eventId));
    await nextWith(s, sale.eventId, { capacity: 20 });
    const url = `/v1/events/${sale.eventId}/ticket-types/${sale.ticketTypeIds[0]}`;
    const cut = await ctx.app.inject({
      method: 'PATCH',
      url,
      headers: owner.headers,
      payload: { capacity: 4 },
    });
    expect(cut.statusCode).toBe(200);
    await nextWith(s, sale.eventId, { capacity: 4, available: 4, status: 'low' });
    const buyer = await createUser(ctx);
    const all = await call('POST', `/v1/events/${sale.eventId}/reservations`, buyer.headers, {
      items: [{ ticketTypeId: sale.ticketTypeIds[0], quantity: 4 }],
    });
    expect(all.statusCode).toBe(201);
    await nextWith(s, sale.eventId, { available: 0, status: 'sold_out' });
  });

  it('says when a cancelled event is no longer on sale', async () => {
    const { sale } = await teamEvent();
    const s = await socket();
    await s.subscribe(channel(sale.eventId));
    const first = await s.next((m) => m.type === 'availability');
    expect(availability(first)).toMatchObject({ eventStatus: 'published', onSale: true });
    await ctx.modules.catalog.api.cancelEvent(adminPrincipal(), sale.eventId);
    const after = await s.next(
      (m) => m.type === 'availability' && availability(m).eventStatus === 'cancelled',
    );
    expect(availability(after).onSale).toBe(false);
  });

  it('keeps pushing after the catalogue loses its listening connection', async () => {
    const { sale } = await teamEvent();
    const s = await socket();
    await s.subscribe(channel(sale.eventId));
    await nextWith(s, sale.eventId, { held: 0 });
    const { pool } = ctx.platform.database;
    const listeners = () =>
      pool.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity
          WHERE application_name = 'marquee-catalog-cache' AND datname = current_database()`,
      );
    const [before] = (await listeners()).rows;
    await pool.query('SELECT pg_terminate_backend($1)', [before!.pid]);
    // It connects again by itself.
    let after: number | undefined;
    for (let i = 0; i < 300 && (after === undefined || after === before!.pid); i++) {
      await new Promise((r) => setTimeout(r, 20));
      after = (await listeners()).rows[0]?.pid;
    }
    expect(after).toBeDefined();
    expect(after).not.toBe(before!.pid);
    const buyer = await createUser(ctx);
    const hold = await call('POST', `/v1/events/${sale.eventId}/reservations`, buyer.headers, {
      items: [{ ticketTypeId: sale.ticketTypeIds[0], quantity: 1 }],
    });
    expect(hold.statusCode).toBe(201);
    await nextWith(s, sale.eventId, { held: 1 });
  });

  it('refuses drafts to anyone but the team, and unknown, deleted and malformed ids', async () => {
    const { owner, organizer, sale: draft } = await teamEvent(false);
    const anonymous = await socket();
    const refused = await anonymous.subscribe(channel(draft.eventId));
    expect(refused).toMatchObject({ type: 'error', data: { code: 'CATALOG.EVENT_NOT_FOUND' } });
    const stranger = await socket((await createUser(ctx)).accessToken);
    expect((await stranger.subscribe(channel(draft.eventId))).data).toMatchObject({
      code: 'CATALOG.EVENT_NOT_FOUND',
    });
    // Staff of the organizer may watch its draft.
    const staff = await createUser(ctx);
    await addOrganizerMember(ctx, organizer.id, staff.id, 'staff');
    const team = await socket(staff.accessToken);
    expect((await team.subscribe(channel(draft.eventId))).type).toBe('subscribed');
    await nextWith(team, draft.eventId, { capacity: 20 });
    expect(
      (await socket(owner.accessToken).then((o) => o.subscribe(channel(draft.eventId)))).type,
    ).toBe('subscribed');

    const gone = await createSaleEvent(ctx, { ticketTypes: [{ name: 'GA', capacity: 5 }] });
    await ctx.modules.catalog.api.deleteEvent(adminPrincipal(), gone.eventId);
    for (const name of [channel(gone.eventId), channel(2_000_000_000)])
      expect((await anonymous.subscribe(name)).data).toMatchObject({
        code: 'CATALOG.EVENT_NOT_FOUND',
      });
    for (const bad of ['abc', '0', '99999999999', '-1'])
      expect((await anonymous.subscribe(channel(bad))).data).toMatchObject({
        code: 'REQUEST.INVALID',
      });
    // Nothing refused was watched.
    expect(live().count(gone.eventId)).toBe(0);
  });

  it('watches an event only while this instance has subscribers', async () => {
    const { sale } = await teamEvent();
    const a = await socket();
    const b = await socket();
    await a.subscribe(channel(sale.eventId));
    await b.subscribe(channel(sale.eventId));
    // One watcher for the channel, however many sockets: one read per change.
    expect(live().count(sale.eventId)).toBe(1);
    expect((await a.request({ type: 'unsubscribe', channel: channel(sale.eventId) })).type).toBe(
      'unsubscribed',
    );
    expect(live().count(sale.eventId)).toBe(1);
    const idle = idleOf(sale.eventId);
    b.close();
    await idle;
    expect(live().count(sale.eventId)).toBe(0);
  });
});
