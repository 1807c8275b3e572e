import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { createUser } from '../../../test/fixtures/identity.js';
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
  expect(res.json().code).toBe('REQUEST.VALIDATION_FAILED');
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
