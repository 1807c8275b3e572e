import { describe, expect, it } from 'vitest';
import { useTestApp } from '../app.js';
import { createUser } from '../fixtures/identity.js';

/**
 * TICKEST_OPEN_WRITES=true: the original's open event writes, for legacy tools
 * only. Accounts stay closed: listing, editing and deleting users need a token.
 */
const ctx = await useTestApp({ TICKEST_OPEN_WRITES: 'true' });
const { app, platform } = ctx;

const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const body = {
  title: 'Open write',
  category: 'comedy',
  schedule: [{ date: inDays(3), location: 'Patras' }],
  ticketTypes: [{ type: 'General', price: 12, availableTickets: 40 }],
  organizer: 'Legacy Importer',
};

describe('TICKEST_OPEN_WRITES=true', () => {
  it('lets an anonymous caller create, patch and delete events', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/events', payload: body });
    expect(created.statusCode).toBe(201);
    const { eventId } = created.json();
    expect(created.json()).toMatchObject({ title: 'Open write', organizer: 'Legacy Importer' });
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/events/${eventId}/ticketTypes/0`,
      payload: { availableTickets: 5 },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().ticketTypes[0]).toEqual({
      type: 'General',
      price: 12,
      availableTickets: 5,
    });
    const deleted = await app.inject({ method: 'DELETE', url: `/api/events/${eventId}` });
    expect(deleted.json()).toEqual({ message: 'Event deleted successfully' });
  });

  it('opens no user administration and no profile change', async () => {
    const user = await app.inject({
      method: 'POST',
      url: '/api/users',
      payload: { name: 'Legacy', email: 'legacy@open.test', password: 'a long enough passphrase' },
    });
    const url = `/api/users/${user.json()._id}`;
    const attempts = [
      await app.inject({ method: 'GET', url: '/api/users' }),
      await app.inject({ method: 'PUT', url, payload: { name: 'Renamed' } }),
      await app.inject({ method: 'PUT', url, payload: { email: 'moved@open.test' } }),
      await app.inject({ method: 'PUT', url, payload: { password: 'short' } }),
      await app.inject({ method: 'DELETE', url }),
    ];
    expect(attempts.map((res) => res.statusCode)).toEqual([401, 401, 401, 401, 401]);
    const { rows } = await platform.database.pool.query(
      `SELECT name, email, status FROM identity_users WHERE id = $1`,
      [user.json()._id],
    );
    expect(rows).toEqual([{ name: 'Legacy', email: 'legacy@open.test', status: 'active' }]);
    const login = await app.inject({
      method: 'POST',
      url: '/api/users/login',
      payload: { email: 'legacy@open.test', password: 'a long enough passphrase' },
    });
    expect(login.statusCode).toBe(200);
  });

  it("gives a signed-in attendee no admin rights: their token keeps the attendee's", async () => {
    const attendee = await createUser(ctx);
    const res = await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: attendee.headers,
      payload: body,
    });
    expect(res.statusCode).toBe(403);
  });
});
