import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { createUser } from '../../../test/fixtures/identity.js';
import { createSaleEvent } from '../../../test/fixtures/ticketing.js';

/**
 * Answers that carry credentials or private data (tokens, profiles, orders,
 * tickets with their signed codes) are never stored by a browser or proxy:
 * `Cache-Control: no-store`, set centrally for every route that needs a
 * sign-in and every route marked `noStore` (all of /v1/auth), and on every
 * answer an open route computes for a signed-in caller (a profile with its
 * email, `favorited` flags). Open routes say `Vary: Authorization`.
 */
const ctx = await useTestApp();
const { app } = ctx;

const user = await createUser(ctx);
const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'Free', capacity: 5 }] });
const reserved = await app.inject({
  method: 'POST',
  url: `/v1/events/${sale.eventId}/reservations`,
  headers: user.headers,
  payload: { items: [{ ticketTypeId: sale.ticketTypeIds[0], quantity: 1 }] },
});
const order = (
  await app.inject({
    method: 'POST',
    url: `/v1/reservations/${reserved.json().data.id}/checkout`,
    headers: user.headers,
    payload: { attendees: [{ name: 'Ada', email: 'ada@example.test' }], paymentMethod: 'free' },
  })
).json().data;
const ticketId = (
  await app.inject({ method: 'GET', url: '/v1/me/tickets', headers: user.headers })
).json().data[0].id as string;

type Row = [
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  opts: { auth?: boolean; payload?: object },
];
const credentials = { email: user.email, password: user.password };
const ROUTES: Row[] = [
  ['POST', '/v1/auth/login', { payload: credentials }],
  ['POST', '/v1/auth/refresh', { payload: { refreshToken: user.refreshToken } }],
  ['POST', '/api/users/login', { payload: credentials }],
  ['GET', '/v1/me', { auth: true }],
  ['GET', '/v1/me/sessions', { auth: true }],
  ['GET', '/v1/me/organizers', { auth: true }],
  ['GET', '/v1/me/orders', { auth: true }],
  ['GET', `/v1/orders/${order.id}`, { auth: true }],
  ['GET', '/v1/me/tickets', { auth: true }],
  ['GET', `/v1/tickets/${ticketId}`, { auth: true }],
  ['GET', '/v1/me/api-tokens', { auth: true }],
  ['POST', '/v1/me/api-tokens', { auth: true, payload: { name: 'ci', scopes: ['read'] } }],
  // Open routes, answered for a signed-in caller.
  ['GET', `/api/users/${user.id}`, { auth: true }],
  ['PUT', `/api/users/${user.id}`, { auth: true, payload: { name: 'Ada Renamed' } }],
  ['GET', '/api/favorites', { auth: true }],
  ['GET', '/api/events', { auth: true }],
  ['GET', `/v1/events/${sale.eventId}`, { auth: true }],
  ['GET', '/v1/events', { auth: true }],
];
/** Open routes: what they answer may depend on who asks. */
const isOpen = (url: string) =>
  /^\/(api\/users\/[0-9a-f-]{36}|api\/favorites|api\/events|v1\/events)/.test(url);

describe('Cache-Control: no-store', () => {
  it.each(ROUTES)('%s %s', async (method, url, { auth, payload }) => {
    const res = await app.inject({
      method,
      url,
      ...(auth ? { headers: user.headers } : {}),
      ...(payload ? { payload } : {}),
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    expect(res.headers['cache-control']).toBe('no-store');
    if (method === 'GET' && isOpen(url)) expect(res.headers.vary).toMatch(/\bAuthorization\b/);
  });

  it('is on refusals of those routes too, and not on the public catalogue', async () => {
    const refused = await app.inject({ method: 'GET', url: '/v1/me/tickets' });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['cache-control']).toBe('no-store');
    const failed = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: user.email, password: 'not the password at all' },
    });
    expect(failed.statusCode).toBe(401);
    expect(failed.headers['cache-control']).toBe('no-store');
    const open = await app.inject({ method: 'GET', url: `/v1/events/${sale.eventId}` });
    expect(open.statusCode).toBe(200);
    expect(open.headers['cache-control']).toBeUndefined();
    expect(open.headers.vary).toMatch(/\bAuthorization\b/);
  });

  it('keeps what CORS put in Vary', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/v1/events',
      headers: { origin: 'https://elsewhere.example' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers.vary).toMatch(/\bAuthorization\b/);
    if (res.headers['access-control-allow-origin'] === 'https://elsewhere.example')
      expect(res.headers.vary).toMatch(/\bOrigin\b/);
  });
});
