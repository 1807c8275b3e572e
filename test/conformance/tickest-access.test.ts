import { describe, expect, it } from 'vitest';
import { useTestApp } from '../app.js';
import { createUser, type TestUser } from '../fixtures/identity.js';

/**
 * Who may write through /api: an API token's scopes apply to every write
 * (not only to routes that declare a sign-in), profile changes need the
 * user's own token or an admin's, and no API token deletes an account.
 */
const ctx = await useTestApp();
const { app } = ctx;

const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const eventBody = {
  title: 'Scoped',
  category: 'comedy',
  schedule: [{ date: inDays(5), location: 'Athens' }],
  ticketTypes: [{ type: 'General', price: 10, availableTickets: 10 }],
  organizer: 'Scope Tests',
};

const bearer = (token?: string) => (token ? { authorization: `Bearer ${token}` } : {});
const call = (method: string, url: string, token?: string, payload?: unknown) =>
  app.inject({
    method: method as 'GET',
    url,
    headers: bearer(token),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

async function apiToken(user: TestUser, scopes: string[]): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/me/api-tokens',
    headers: user.headers,
    payload: { name: `t-${scopes.join('-')}`, scopes },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data.token;
}

describe('API token scopes on /api', () => {
  it("refuses every event write with an organizer's read-only token", async () => {
    const organizer = await createUser(ctx, { roles: ['organizer'] });
    const read = await apiToken(organizer, ['read']);
    const write = await apiToken(organizer, ['read', 'write']);
    const created = await call('POST', '/api/events', write, eventBody);
    expect(created.statusCode).toBe(201);
    const id = created.json().eventId;
    const attempts = [
      await call('POST', '/api/events', read, eventBody),
      await call('PUT', `/api/events/${id}`, read, eventBody),
      await call('PATCH', `/api/events/${id}/ticketTypes/0`, read, { availableTickets: 1 }),
      await call('PATCH', `/api/events/${id}/schedule/0`, read, { location: 'Patras' }),
      await call('DELETE', `/api/events/${id}`, read),
      await call('POST', '/api/favorites', read, { eventId: id }),
    ];
    for (const res of attempts) {
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({ message: 'This API token lacks the "write" scope.' });
    }
    // Nothing changed, and reading still works with the same token.
    const event = await call('GET', `/api/events/${id}`, read);
    expect(event.statusCode).toBe(200);
    expect(event.json()).toMatchObject({
      title: 'Scoped',
      ticketTypes: [{ availableTickets: 10 }],
    });
    expect((await call('POST', '/api/recoms', read, ['comedy'])).statusCode).toBe(200);
    expect((await call('DELETE', `/api/events/${id}`, write)).statusCode).toBe(200);
  });

  it('lets no API token delete an account; a read token edits no profile', async () => {
    const attendee = await createUser(ctx);
    const read = await apiToken(attendee, ['read']);
    const write = await apiToken(attendee, ['read', 'write']);
    const url = `/api/users/${attendee.id}`;
    const edit = await call('PUT', url, read, { name: 'Renamed' });
    expect(edit.statusCode).toBe(403);
    for (const token of [read, write]) {
      const res = await call('DELETE', url, token);
      expect(res.statusCode).toBe(403);
    }
    expect((await call('DELETE', url, write)).json()).toEqual({
      message: 'API tokens cannot delete an account; sign in.',
    });
    expect((await call('GET', url)).json()).toMatchObject({ name: attendee.name });
    // The native API agrees.
    const native = await call('DELETE', '/v1/me', write);
    expect(native.statusCode).toBe(403);
    expect(native.json().code).toBe('AUTH.SESSION_REQUIRED');
    // Nor does an admin's, on either API.
    const admin = await createUser(ctx, { roles: ['admin'] });
    const adminToken = await apiToken(admin, ['read', 'write']);
    expect((await call('DELETE', url, adminToken)).statusCode).toBe(403);
    const byAdmin = await call('DELETE', `/v1/users/${attendee.id}`, adminToken);
    expect(byAdmin.statusCode).toBe(403);
    expect(byAdmin.json().code).toBe('AUTH.SESSION_REQUIRED');
    // A write token may edit the profile; the signed-in user may delete.
    expect((await call('PUT', url, write, { name: 'Renamed' })).statusCode).toBe(200);
    expect((await call('DELETE', url, attendee.accessToken)).statusCode).toBe(200);
  });
});

describe('PUT /api/users/:id', () => {
  it("needs the user's own token or an admin's", async () => {
    const user = await createUser(ctx, { name: 'Owner' });
    const other = await createUser(ctx);
    const admin = await createUser(ctx, { roles: ['admin'] });
    const url = `/api/users/${user.id}`;
    const anonymous = await call('PUT', url, undefined, { name: 'Mallory' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toEqual({ message: 'Authentication required: send a bearer token' });
    const stranger = await call('PUT', url, other.accessToken, { name: 'Mallory' });
    expect(stranger.statusCode).toBe(403);
    expect((await call('GET', url)).json().name).toBe('Owner');
    const own = await call('PUT', url, user.accessToken, { name: 'Owner 2' });
    expect(own.json()).toMatchObject({ _id: user.id, name: 'Owner 2' });
    const byAdmin = await call('PUT', url, admin.accessToken, { about: 'Checked' });
    expect(byAdmin.json()).toMatchObject({ name: 'Owner 2', about: 'Checked' });
  });
});
