import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { createUser } from '../../../test/fixtures/identity.js';
import type { App } from './types.js';

// A body route: JSON.parse reads `1e999` as Infinity, with no coercion involved.
const probe = (app: App) => {
  app.post(
    '/test/finite-body',
    { schema: { body: Type.Object({ amount: Type.Number(), list: Type.Array(Type.Number()) }) } },
    async () => ({ ok: true }),
  );
};

const ctx = await useTestApp({}, { plugins: [probe] });
const { app } = ctx;
const admin = await createUser(ctx, { roles: ['admin'] });
const user = await createUser(ctx);

const ROUTES: Array<[url: string, field: string, headers?: Record<string, string>]> = [
  ['/v1/events?limit=1e999', 'query.limit'],
  ['/v1/events?page=1e999', 'query.page'],
  ['/v1/events?page=Infinity', 'query.page'],
  ['/v1/events?minPrice=1e999', 'query.minPrice'],
  ['/v1/events?maxPrice=-Infinity', 'query.maxPrice'],
  ['/v1/events?near=48.85,2.35&radiusKm=1e999', 'query.radiusKm'],
  ['/v1/events/trending?limit=1e999', 'query.limit'],
  ['/v1/events/Infinity', 'path.id'],
  ['/v1/tags?limit=1e999', 'query.limit'],
  ['/v1/users?limit=1e999', 'query.limit', admin.headers],
  ['/v1/users?page=Infinity', 'query.page', admin.headers],
  ['/v1/me/orders?limit=1e999', 'query.limit', user.headers],
  ['/v1/me/orders?page=1e999', 'query.page', user.headers],
];

describe('non-finite numbers', () => {
  it.each(ROUTES)('GET %s is a 400 naming %s', async (url, field, headers) => {
    const res = await app.inject({ method: 'GET', url, headers });
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json();
    expect(body.code).toBe('REQUEST.VALIDATION_FAILED');
    expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('names the value "must be a finite number" where no bound catches it first', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/events?page=1e999' });
    expect(res.json().errors).toEqual([
      { field: 'query.page', message: 'must be a finite number' },
    ]);
  });

  it('refuses 1e999 in a JSON body, at any depth', async () => {
    // Without coercion Ajv's own type check already refuses Infinity; this keeps it so.
    const res = await app.inject({
      method: 'POST',
      url: '/test/finite-body',
      headers: { 'content-type': 'application/json' },
      payload: '{"amount": 1e999, "list": [1, -1e999]}',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'body.amount',
      'body.list.1',
    ]);
  });

  it('still accepts finite numbers and leaves the bounds as they were', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/events?limit=5&page=2' })).statusCode).toBe(
      200,
    );
    expect(
      (await app.inject({ method: 'GET', url: '/v1/events/trending?limit=1000' })).statusCode,
    ).toBe(400);
    const ok = await app.inject({
      method: 'POST',
      url: '/test/finite-body',
      payload: { amount: 1.5e300, list: [0, -2] },
    });
    expect(ok.statusCode).toBe(200);
  });
});
