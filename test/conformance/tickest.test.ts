import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../app.js';
import { createUser } from '../fixtures/identity.js';
import { expectTickestEvent, tickestClient, type Json } from './tickest-client.js';

/**
 * The Tickest client contract, checked black-box against a live server over
 * real HTTP: every documented endpoint, status and error, and each thing the
 * Android client depends on.
 */
const ctx = await useTestApp();
await ctx.app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;

const call = tickestClient(base);

const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

function eventBody(n: number, overrides: Record<string, unknown> = {}) {
  return {
    title: `Conformance event ${n}`,
    description: `Event number ${n}`,
    category: n % 2 === 0 ? 'concert' : 'theater',
    image: `${base}/images/event${n}.jpg`,
    schedule: [
      {
        date: inDays(10 + n),
        location: n % 3 === 0 ? 'Thessaloniki' : 'Athens',
        lat: 37.98,
        lng: 23.72,
      },
    ],
    ticketTypes: [
      { type: 'General Admission', price: 20 + n, availableTickets: 100 },
      { type: 'VIP', price: 50 + n, availableTickets: n === 3 ? 0 : 10 },
    ],
    organizer: 'Conformance Events',
    tags: ['live', `tag${n}`],
    ...overrides,
  };
}

let admin: { id: string; accessToken: string };
let attendee: { id: string; accessToken: string };
const ids: number[] = [];

beforeAll(async () => {
  admin = await createUser(ctx, { roles: ['admin'] });
  attendee = await createUser(ctx, {});
  for (let n = 1; n <= 8; n++) {
    const res = await call('POST', '/api/events', { body: eventBody(n), token: admin.accessToken });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    ids.push(res.body.eventId);
    expect(res.body.organizer).toBe('Conformance Events');
  }
  // The organizer's name reaches the catalogue through identity's event.
  await ctx.platform.relay.drain();
});

describe('health and images', () => {
  it('answers /healthz with Hello Tickest', async () => {
    const res = await call('GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toBe('Hello Tickest');
  });

  it('serves event images at /images/<file> and links them absolutely', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      'base64',
    );
    const form = new FormData();
    form.append('image', new Blob([png], { type: 'image/png' }), 'poster.png');
    const upload = await fetch(`${base}/v1/events/${ids[0]}/image`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.accessToken}` },
      body: form,
    });
    expect(upload.status).toBe(200);
    const event = await call('GET', `/api/events/${ids[0]}`);
    const url = new URL(event.body.image);
    expect(url.pathname).toMatch(/^\/images\/[^/]+\.png$/);
    const image = await fetch(`${base}${url.pathname}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toMatch(/^image\/png/);
    expect(Buffer.from(await image.arrayBuffer())).toEqual(png);
    expect((await fetch(`${base}/images/missing.png`)).status).toBe(404);
  });
});

describe('GET /api/events', () => {
  it('answers a plain array of Tickest events with integer prices and request ids', async () => {
    const res = await call('GET', '/api/events');
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    // The app renders events[2], [4] and [5] of the bare list.
    expect(res.body.length).toBeGreaterThanOrEqual(6);
    res.body.forEach(expectTickestEvent);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
  });

  it('filters by search, city (as text), category and availability', async () => {
    const search = await call('GET', '/api/events?search=Conformance%20event%207');
    expect(search.body.map((e: Json) => e.eventId)).toContain(ids[6]);
    const city = await call('GET', '/api/events?city=thessaloniki&limit=100');
    expect(city.body.length).toBeGreaterThan(0);
    expect(
      city.body.every((e: Json) => e.schedule.some((s: Json) => s.location === 'Thessaloniki')),
    ).toBe(true);
    const regex = await call('GET', '/api/events?city=.*');
    expect(regex.status).toBe(200);
    expect(regex.body).toEqual([]);
    const category = await call('GET', '/api/events?category=theater&limit=100');
    expect(category.body.length).toBeGreaterThan(0);
    expect(category.body.every((e: Json) => e.category === 'theater')).toBe(true);
    const unknown = await call('GET', '/api/events?category=nonsense');
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual([]);
  });

  it('filters by price range and dates, sorts, and pages', async () => {
    const cheap = await call('GET', '/api/events?maxPrice=22&limit=100');
    expect(cheap.body.every((e: Json) => e.ticketTypes.some((t: Json) => t.price <= 22))).toBe(
      true,
    );
    const pricey = await call('GET', '/api/events?minPrice=57&limit=100');
    expect(pricey.body.map((e: Json) => e.eventId)).toEqual(expect.arrayContaining([ids[7]]));
    const window = await call('GET', `/api/events?dateFrom=${inDays(12)}&dateTo=${inDays(13)}`);
    expect(window.body.map((e: Json) => e.eventId).sort()).toEqual([ids[1], ids[2]].sort());
    const sorted = await call('GET', '/api/events?sortBy=title&sortOrder=desc&limit=100');
    const titles = sorted.body.map((e: Json) => e.title.toLowerCase());
    expect(titles).toEqual([...titles].sort().reverse());
    const page2 = await call('GET', '/api/events?limit=3&page=2&sortBy=eventId');
    const page1 = await call('GET', '/api/events?limit=3&page=1&sortBy=eventId');
    expect(page2.body).toHaveLength(3);
    expect(page2.body[0].eventId).not.toBe(page1.body[0].eventId);
    const available = await call('GET', '/api/events?availableOnly=true&limit=100');
    expect(
      available.body.every((e: Json) => e.ticketTypes.some((t: Json) => t.availableTickets > 0)),
    ).toBe(true);
  });

  it('sorts by popularity (an addition to Tickest), most popular first whatever sortOrder', async () => {
    const fan = await createUser(ctx, {});
    const saved = await call('POST', '/api/favorites', {
      token: fan.accessToken,
      body: { eventId: ids[5] },
    });
    expect(saved.status).toBe(201);
    await ctx.modules.community.context.community.refreshPopularity();
    for (const order of ['asc', 'desc']) {
      await expect
        .poll(async () => {
          const res = await call('GET', `/api/events?sortBy=popularity&sortOrder=${order}`);
          expect(res.status).toBe(200);
          return res.body[0].eventId;
        })
        .toBe(ids[5]);
    }
  });

  it('answers 400 with a message for malformed numbers and dates, never 500', async () => {
    for (const query of [
      'minPrice=abc',
      'maxPrice=1e',
      'dateFrom=nope',
      'dateTo=2025-13-40',
      'page=zero',
      'limit=-5',
      'sortBy=password',
    ]) {
      const res = await call('GET', `/api/events?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body).toEqual({ message: expect.any(String) });
    }
  });
});

describe('single events', () => {
  it('gets one event by numeric eventId', async () => {
    const res = await call('GET', `/api/events/${ids[0]}`);
    expect(res.status).toBe(200);
    expectTickestEvent(res.body);
    expect(res.body.eventId).toBe(ids[0]);
    expect(res.body.ticketTypes).toEqual([
      { type: 'General Admission', price: 21, availableTickets: 100 },
      { type: 'VIP', price: 51, availableTickets: 10 },
    ]);
    expect(res.body.schedule).toEqual([
      { date: inDays(11), location: 'Athens', lat: 37.98, lng: 23.72 },
    ]);
  });

  it('answers 400 for an invalid id and 404 for a missing one', async () => {
    expect(await call('GET', '/api/events/abc')).toMatchObject({
      status: 400,
      body: { message: expect.any(String) },
    });
    expect(await call('GET', '/api/events/999999')).toMatchObject({
      status: 404,
      body: { message: 'Event not found' },
    });
  });

  it('creates, replaces, patches by index and deletes with a token', async () => {
    const created = await call('POST', '/api/events', {
      body: eventBody(20),
      token: admin.accessToken,
    });
    expect(created.status).toBe(201);
    expectTickestEvent(created.body);
    const id = created.body.eventId;
    expect(id).toBeGreaterThan(ids[7]!);

    const replaced = await call('PUT', `/api/events/${id}`, {
      token: admin.accessToken,
      body: eventBody(20, {
        title: 'Replaced',
        schedule: [
          { date: inDays(40), location: 'Volos' },
          { date: inDays(41), location: 'Patras' },
        ],
        ticketTypes: [{ type: 'Standard', price: 30, availableTickets: 400 }],
      }),
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      eventId: id,
      title: 'Replaced',
      schedule: [
        { date: inDays(40), location: 'Volos' },
        { date: inDays(41), location: 'Patras' },
      ],
      ticketTypes: [{ type: 'Standard', price: 30, availableTickets: 400 }],
    });

    const price = await call('PATCH', `/api/events/${id}/ticketTypes/0`, {
      token: admin.accessToken,
      body: { price: 35 },
    });
    expect(price.status).toBe(200);
    expect(price.body.ticketTypes[0]).toEqual({
      type: 'Standard',
      price: 35,
      availableTickets: 400,
    });
    const place = await call('PATCH', `/api/events/${id}/schedule/1`, {
      token: admin.accessToken,
      body: { location: 'Volos' },
    });
    expect(place.status).toBe(200);
    expect(place.body.schedule[1]).toMatchObject({ date: inDays(41), location: 'Volos' });

    expect(
      (
        await call('PATCH', `/api/events/${id}/ticketTypes/5`, {
          token: admin.accessToken,
          body: { price: 1 },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call('PATCH', `/api/events/${id}/schedule/x`, {
          token: admin.accessToken,
          body: { location: 'A' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call('PATCH', `/api/events/${id}/ticketTypes/0`, {
          token: admin.accessToken,
          body: { price: 'free' },
        })
      ).status,
    ).toBe(400);

    const deleted = await call('DELETE', `/api/events/${id}`, { token: admin.accessToken });
    expect(deleted).toMatchObject({ status: 200, body: { message: 'Event deleted successfully' } });
    expect((await call('GET', `/api/events/${id}`)).status).toBe(404);
    expect((await call('DELETE', `/api/events/${id}`, { token: admin.accessToken })).status).toBe(
      404,
    );
  });

  it('answers 400 with a message for an invalid body', async () => {
    const res = await call('POST', '/api/events', {
      token: admin.accessToken,
      body: { title: 'No schedule' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: expect.any(String) });
    const bad = await call('POST', '/api/events', { token: admin.accessToken, raw: '{"title":' });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ message: expect.any(String) });
  });
});

describe('safety: event writes need a token with the right role', () => {
  it('answers 401 without a token and 403 for an attendee', async () => {
    const anonymous = await call('POST', '/api/events', { body: eventBody(30) });
    expect(anonymous).toMatchObject({ status: 401, body: { message: expect.any(String) } });
    const attendeeTry = await call('DELETE', `/api/events/${ids[0]}`, {
      token: attendee.accessToken,
    });
    expect(attendeeTry.status).toBe(403);
    for (const [method, path, body] of [
      ['PUT', `/api/events/${ids[0]}`, eventBody(1)],
      ['PATCH', `/api/events/${ids[0]}/ticketTypes/0`, { price: 1 }],
      ['PATCH', `/api/events/${ids[0]}/schedule/0`, { location: 'X' }],
      ['DELETE', `/api/events/${ids[0]}`, undefined],
    ] as const) {
      expect((await call(method, path, { body })).status, `${method} ${path}`).toBe(401);
    }
    expect((await call('GET', `/api/events/${ids[0]}`)).body.ticketTypes[0].price).toBe(21);
  });
});

describe('favourites', () => {
  it('adds, lists (plain array, favorited true), rejects duplicates with 409 and removes', async () => {
    const token = attendee.accessToken;
    const added = await call('POST', '/api/favorites', { token, body: { eventId: ids[1] } });
    expect(added).toMatchObject({ status: 201, body: { message: 'Event favorited' } });
    const again = await call('POST', '/api/favorites', { token, body: { eventId: ids[1] } });
    expect(again).toMatchObject({ status: 409, body: { message: 'Already favorited' } });

    const list = await call('GET', '/api/favorites', { token });
    expect(list.status).toBe(200);
    expect(Array.isArray(list.body)).toBe(true);
    expect(list.body.map((e: Json) => e.eventId)).toEqual([ids[1]]);
    expect(list.body[0].favorited).toBe(true);
    list.body.forEach(expectTickestEvent);

    const one = await call('GET', `/api/events/${ids[1]}`, { token });
    expect(one.body.favorited).toBe(true);
    const anonymousView = await call('GET', `/api/events/${ids[1]}`);
    expect(anonymousView.body.favorited).toBe(false);

    const removed = await call('DELETE', '/api/favorites', { token, body: { eventId: ids[1] } });
    expect(removed).toMatchObject({ status: 200, body: { message: 'Favorite removed' } });
    const missing = await call('DELETE', '/api/favorites', { token, body: { eventId: ids[1] } });
    expect(missing).toMatchObject({ status: 404, body: { message: 'Favorite not found' } });
  });

  it('keeps one shared guest list without a token, as the app expects', async () => {
    expect((await call('POST', '/api/favorites', { body: { eventId: ids[2] } })).status).toBe(201);
    const list = await call('GET', '/api/favorites');
    expect(list.body.map((e: Json) => e.eventId)).toEqual([ids[2]]);
    const events = await call('GET', '/api/events?limit=100');
    expect(events.body.find((e: Json) => e.eventId === ids[2]).favorited).toBe(true);
    // The guest's favourites are not the signed-in user's.
    expect((await call('GET', '/api/favorites', { token: attendee.accessToken })).body).toEqual([]);
    expect((await call('DELETE', '/api/favorites', { body: { eventId: ids[2] } })).status).toBe(
      200,
    );
  });

  it('answers 400 for an invalid eventId and 404 for an unknown event', async () => {
    expect((await call('POST', '/api/favorites', { body: { eventId: 'abc' } })).status).toBe(400);
    expect((await call('POST', '/api/favorites', { body: {} })).status).toBe(400);
    expect(await call('POST', '/api/favorites', { body: { eventId: 999999 } })).toMatchObject({
      status: 404,
      body: { message: 'Event not found' },
    });
  });
});

describe('POST /api/recoms', () => {
  it('answers a plain array of events in any of the categories', async () => {
    const res = await call('POST', '/api/recoms', { body: ['theater'] });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body.length).toBeGreaterThan(0);
    expect(res.body.every((e: Json) => e.category === 'theater')).toBe(true);
    res.body.forEach(expectTickestEvent);
    const both = await call('POST', '/api/recoms', { body: ['theater', 'concert', 'unknown'] });
    expect(new Set(both.body.map((e: Json) => e.category))).toEqual(
      new Set(['theater', 'concert']),
    );
    expect((await call('POST', '/api/recoms', { body: [] })).body).toEqual([]);
    expect((await call('POST', '/api/recoms', { body: { categories: ['x'] } })).status).toBe(400);
  });
});
