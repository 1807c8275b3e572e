import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { postDraft } from '../../../test/fixtures/catalog.js';
import { createOrganizer, createUser } from '../../../test/fixtures/identity.js';
import type { App } from './types.js';

// A body of free-form keys: no schema keyword refuses a key of its own.
const probe = (app: App) => {
  app.post(
    '/test/free-keys',
    { schema: { body: Type.Record(Type.String(), Type.Number()) } },
    async () => ({ ok: true }),
  );
};

/** Inputs PostgreSQL cannot hold answer a 400 naming their field, never a 500. */
const ctx = await useTestApp({}, { plugins: [probe] });
const { app } = ctx;

const organizer = await createUser(ctx, { roles: ['organizer'] });

const fieldsOf = (body: { errors?: { field: string }[] }) => body.errors?.map((e) => e.field);

const expectRefused = async (url: string, field: string) => {
  const res = await app.inject({ method: 'GET', url });
  expect(res.statusCode, res.body).toBe(400);
  expect(res.json().code).toMatch(/^REQUEST\.(VALIDATION_FAILED|INVALID)$/);
  expect(fieldsOf(res.json())).toContain(field);
};

describe('price filters fit the int columns', () => {
  it.each([
    ['/v1/events?minPrice=2147483648', 'query.minPrice'],
    ['/v1/events?minPrice=1e30', 'query.minPrice'],
    ['/v1/events?maxPrice=1e30', 'query.maxPrice'],
  ])('GET %s is a 400 naming %s', expectRefused);

  it('accepts the largest int4 as a bound', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/events?maxPrice=2147483647' });
    expect(res.statusCode, res.body).toBe(200);
  });
});

describe('NUL characters (U+0000), which PostgreSQL text cannot hold', () => {
  const NUL_CASES: Array<[method: 'GET' | 'POST', url: string, payload: unknown, field: string]> = [
    ['GET', '/v1/events?category=%00', undefined, 'query.category.0'],
    ['GET', '/v1/events?city=%00', undefined, 'query.city'],
    ['GET', '/v1/events?q=a%00b', undefined, 'query.q'],
    ['GET', '/v1/cities?prefix=%00', undefined, 'query.prefix'],
    [
      'POST',
      '/v1/events',
      { organizerId: '3f2c1b9e-8d4a-4c6b-9a1e-2b7d5f0c4e81', title: 'Jazz\u0000night' },
      'body.title',
    ],
    ['GET', '/api/events?category=%00', undefined, 'querystring.category'],
    ['GET', '/api/events?city=%00', undefined, 'querystring.city'],
    ['POST', '/api/recoms', ['\u0000'], 'body.0'],
  ];

  it.each(NUL_CASES)('%s %s (body %j) is a 400 naming %s', async (method, url, payload, field) => {
    const res = await app.inject({
      method,
      url,
      headers: organizer.headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json();
    if (url.startsWith('/api/')) {
      // Tickest's own error shape: `{message}` naming the field.
      expect(body).toEqual({ message: `${field} must not contain the NUL character (U+0000)` });
    } else {
      expect(body.errors).toEqual([
        { field, message: 'must not contain the NUL character (U+0000)' },
      ]);
    }
  });

  it('refuses a NUL in an object key as well', async () => {
    const send = (payload: string) =>
      app.inject({
        method: 'POST',
        url: '/test/free-keys',
        headers: { 'content-type': 'application/json' },
        payload,
      });
    const res = await send('{"fine": 1, "a\\u0000b": 2}');
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res.json())).toEqual(['body.a\u0000b']);
    expect((await send('{"fine": 1}')).statusCode).toBe(200);
  });
});

describe('dates: real calendar days of the years 1900 to 9999', () => {
  it.each([
    ['/v1/events?dateFrom=0000-01-01', 'query.dateFrom'],
    ['/v1/events?dateFrom=1899-12-31', 'query.dateFrom'],
    ['/v1/events?dateTo=10000-01-01', 'query.dateTo'],
    ['/v1/events?dateFrom=2026-02-30', 'query.dateFrom'],
    ['/v1/events?dateTo=2026-02-30', 'query.dateTo'],
    ['/v1/events?dateTo=2026-02-29T10:00:00Z', 'query.dateTo'],
    ['/v1/events?dateTo=9999-12-31T23:00:00-05:00', 'query.dateTo'],
  ])('GET %s is a 400 naming %s', expectRefused);

  it('accepts the first and the last day of the range, and a leap day', async () => {
    for (const query of ['dateFrom=1900-01-01&dateTo=9999-12-31', 'dateFrom=2028-02-29']) {
      const res = await app.inject({ method: 'GET', url: `/v1/events?${query}&upcoming=false` });
      expect(res.statusCode, `${query} ${res.body}`).toBe(200);
    }
  });

  const draft = async () => {
    const owned = await createOrganizer(ctx, organizer, { name: `Dates ${Math.random()}` });
    const body = {
      organizerId: owned.id,
      title: 'Far future',
      category: 'concert',
      ticketTypes: [{ name: 'GA', priceMinor: 2000, currency: 'EUR', capacity: 10 }],
    };
    return { body, event: await postDraft(ctx, organizer.headers, body) };
  };

  it.each([
    ['0000-01-01T00:00:00Z', 'body.occurrences.0.startsAt'],
    ['1899-12-31T23:59:59Z', 'body.occurrences.0.startsAt'],
    ['2026-02-30T10:00:00Z', 'body.occurrences.0.startsAt'],
    ['2026-06-30T23:59:60Z', 'body.occurrences.0.startsAt'],
    ['2026-06-30T20:00:00+01', 'body.occurrences.0.startsAt'],
    // The default end, two hours later, would be in the year 10000.
    ['9999-12-31T23:59:59Z', 'body.occurrences.0.endsAt'],
  ])('POST and PATCH /v1/events refuse an occurrence at %s, naming %s', async (at, field) => {
    const { body, event } = await draft();
    const created = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: organizer.headers,
      payload: { ...body, occurrences: [{ startsAt: at }] },
    });
    expect(created.statusCode, created.body).toBe(400);
    expect(fieldsOf(created.json())).toEqual([field]);
    const patched = await app.inject({
      method: 'PATCH',
      url: `/v1/events/${event.id}`,
      headers: organizer.headers,
      payload: { occurrences: [{ startsAt: at }] },
    });
    expect(patched.statusCode, patched.body).toBe(400);
    expect(fieldsOf(patched.json())).toEqual([field]);
  });

  it('PATCH /v1/events refuses a ticket type whose sales start in the year 0', async () => {
    const { event } = await draft();
    const res = await app.inject({
      method: 'PATCH',
      url: `/v1/events/${event.id}`,
      headers: organizer.headers,
      payload: {
        ticketTypes: [
          {
            id: event.ticketTypes[0]!.id,
            name: 'GA',
            priceMinor: 2000,
            currency: 'EUR',
            capacity: 10,
            salesStart: '0000-01-01T00:00:00Z',
          },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(fieldsOf(res.json())).toEqual(['body.ticketTypes.0.salesStart']);
  });

  it('still takes an occurrence late in 9999 with its own end', async () => {
    const { body } = await draft();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: organizer.headers,
      payload: {
        ...body,
        occurrences: [{ startsAt: '9999-12-31T20:00:00Z', endsAt: '9999-12-31T23:59:59Z' }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
  });
});
