import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, useTestApp, type TestContext } from '../../../../test/app.js';
import {
  addOrganizerMember,
  createOrganizer,
  createUser,
} from '../../../../test/fixtures/identity.js';
import { createSaleEvent, httpCaller } from '../../../../test/fixtures/ticketing.js';
import { openEventStream, type TestEventStream } from '../../../../test/sse.js';
import type { EventAvailability } from './availability-data.js';

const ctx = await useTestApp();
const call = httpCaller(ctx);
const live = (c: TestContext = ctx) => c.modules.ticketing.context.live;
let baseUrl = '';
const open: TestEventStream[] = [];
beforeAll(async () => {
  baseUrl = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => open.forEach((s) => s.close()));

const path = (eventId: number) => `/v1/events/${eventId}/availability/stream`;

/** Opens the event's stream and expects a 200 event stream. */
async function stream(eventId: number, headers: Record<string, string> = {}, url = baseUrl) {
  const answer = await openEventStream(url, path(eventId), headers);
  expect(answer.status, 'body' in answer ? answer.body : '').toBe(200);
  if (!('stream' in answer)) throw new Error('not a stream');
  open.push(answer.stream);
  return answer;
}

/** Resolves when `c`'s instance stops watching the event. */
const idleOf = (eventId: number, c: TestContext = ctx) =>
  new Promise<void>((resolve) => {
    const seen = (id: number) => {
      if (id !== eventId) return;
      live(c).off('idle', seen);
      resolve();
    };
    live(c).on('idle', seen);
  });

const held = (n: number) => (a: EventAvailability) => a.ticketTypes[0]!.held === n;

describe('GET /v1/events/:id/availability/stream', () => {
  it('sends retry, the snapshot, then an update after a hold, with increasing ids and the headers the app sets', async () => {
    const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'GA', capacity: 8 }] });
    const { headers, stream: s } = await stream(sale.eventId);
    expect(headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-request-id']).toBeTruthy();
    expect(headers['content-security-policy']).toBeTruthy();
    expect((await s.next()).retry).toBe(3000);
    const first = await s.nextEvent<EventAvailability>('availability');
    expect(first.id).toBe(1);
    expect(first.data).toMatchObject({
      eventId: sale.eventId,
      ticketTypes: [
        { id: sale.ticketTypeIds[0], capacity: 8, held: 0, available: 8, status: 'available' },
      ],
    });
    const buyer = await createUser(ctx);
    const hold = await call('POST', `/v1/events/${sale.eventId}/reservations`, buyer.headers, {
      items: [{ ticketTypeId: sale.ticketTypeIds[0], quantity: 3 }],
    });
    expect(hold.statusCode).toBe(201);
    const update = await s.nextEvent<EventAvailability>('availability', held(3));
    expect(update.id).toBeGreaterThan(first.id);
    expect(update.data.ticketTypes[0]).toMatchObject({ available: 5, status: 'low' });
  });

  it('resumes after Last-Event-ID with the current state and the next id; refuses a malformed one', async () => {
    const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'GA', capacity: 50 }] });
    const buyer = await createUser(ctx);
    await call('POST', `/v1/events/${sale.eventId}/reservations`, buyer.headers, {
      items: [{ ticketTypeId: sale.ticketTypeIds[0], quantity: 2 }],
    });
    const { stream: s } = await stream(sale.eventId, { 'last-event-id': '41' });
    const resumed = await s.nextEvent<EventAvailability>('availability');
    expect(resumed.id).toBe(42);
    expect(resumed.data.ticketTypes[0]).toMatchObject({ held: 2, available: 48 });
    const bad = await openEventStream(baseUrl, path(sale.eventId), { 'last-event-id': 'x1' });
    expect(bad.status).toBe(400);
    const problem = 'body' in bad ? JSON.parse(bad.body) : {};
    expect(problem.code).toBe('REQUEST.VALIDATION_FAILED');
    expect(problem.errors[0].field).toMatch(/last-event-id/);
  });

  it('has the channel’s visibility: drafts for the team only, unknown events 404', async () => {
    const owner = await createUser(ctx);
    const organizer = await createOrganizer(ctx, owner);
    const staff = await createUser(ctx);
    await addOrganizerMember(ctx, organizer.id, staff.id, 'staff');
    const draft = await createSaleEvent(ctx, {
      organizerId: organizer.id,
      publish: false,
      ticketTypes: [{ name: 'GA', capacity: 5 }],
    });
    for (const headers of [{}, (await createUser(ctx)).headers]) {
      const hidden = await openEventStream(baseUrl, path(draft.eventId), headers);
      expect(hidden.status).toBe(404);
      expect(hidden.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect('body' in hidden && JSON.parse(hidden.body).code).toBe('CATALOG.EVENT_NOT_FOUND');
    }
    const unknown = await openEventStream(baseUrl, path(2_000_000_000));
    expect(unknown.status).toBe(404);
    expect((await openEventStream(baseUrl, '/v1/events/abc/availability/stream')).status).toBe(400);
    const { stream: s } = await stream(draft.eventId, staff.headers);
    expect((await s.nextEvent<EventAvailability>('availability')).data.eventId).toBe(draft.eventId);
    // Refused requests watched nothing; the team's stream is the one watcher.
    expect(live().count(draft.eventId)).toBe(1);
  });

  it('releases its watcher when the client goes away', async () => {
    const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'GA', capacity: 5 }] });
    const { stream: a } = await stream(sale.eventId);
    const { stream: b } = await stream(sale.eventId);
    await a.nextEvent('availability');
    await b.nextEvent('availability');
    expect(live().count(sale.eventId)).toBe(2);
    a.close();
    // The other stream still gets updates, and is then the only watcher.
    const buyer = await createUser(ctx);
    await call('POST', `/v1/events/${sale.eventId}/reservations`, buyer.headers, {
      items: [{ ticketTypeId: sale.ticketTypeIds[0], quantity: 1 }],
    });
    await b.nextEvent<EventAvailability>('availability', held(1));
    expect(live().count(sale.eventId)).toBe(1);
    const idle = idleOf(sale.eventId);
    b.close();
    await idle;
    expect(live().count(sale.eventId)).toBe(0);
  });
});

describe('availability streams and their app', () => {
  it('beat while idle, are limited per address, and end when the app closes', async () => {
    const own = await createTestApp({
      SSE_HEARTBEAT_MS: '100',
      REALTIME_MAX_CONNECTIONS_PER_IP: '2',
    });
    try {
      const url = await own.app.listen({ port: 0, host: '127.0.0.1' });
      const sale = await createSaleEvent(own, { ticketTypes: [{ name: 'GA', capacity: 5 }] });
      const { stream: a } = await stream(sale.eventId, {}, url);
      const { stream: b } = await stream(sale.eventId, {}, url);
      await a.nextEvent('availability');
      expect((await a.next((block) => block.comment !== undefined)).comment).toBe('keep-alive');
      const third = await openEventStream(url, path(sale.eventId));
      expect(third.status).toBe(429);
      expect('body' in third && JSON.parse(third.body)).toMatchObject({
        code: 'TICKETING.TOO_MANY_STREAMS',
        details: { limit: 2 },
      });
      expect(live(own).count(sale.eventId)).toBe(2);
      await own.app.close();
      await Promise.all([a.ended, b.ended]);
      expect(live(own).count(sale.eventId)).toBe(0);
      expect(live(own).size).toBe(0);
    } finally {
      await own.close();
    }
  });
});
