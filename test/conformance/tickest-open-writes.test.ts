import { describe, expect, it } from 'vitest';
import { useTestApp } from '../app.js';

/** TICKEST_OPEN_WRITES=true: the original's open event writes, for legacy tools only. */
const { app, platform } = await useTestApp({ TICKEST_OPEN_WRITES: 'true' });

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

  it('still never changes a password through PUT /api/users/:id', async () => {
    const user = await app.inject({
      method: 'POST',
      url: '/api/users',
      payload: { name: 'Legacy', email: 'legacy@open.test', password: 'a long enough passphrase' },
    });
    const res = await app.inject({
      method: 'PUT',
      url: `/api/users/${user.json()._id}`,
      payload: { password: 'short' },
    });
    expect(res.statusCode).toBe(400);
    const login = await app.inject({
      method: 'POST',
      url: '/api/users/login',
      payload: { email: 'legacy@open.test', password: 'a long enough passphrase' },
    });
    expect(login.statusCode).toBe(200);
  });

  it('still moves an email only after the current address approves it', async () => {
    const user = await app.inject({
      method: 'POST',
      url: '/api/users',
      payload: { name: 'Mover', email: 'mover@open.test', password: 'a long enough passphrase' },
    });
    const res = await app.inject({
      method: 'PUT',
      url: `/api/users/${user.json()._id}`,
      payload: { email: 'moved@open.test' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().email).toBe('mover@open.test');
    const { rows } = await platform.database.pool.query(
      `SELECT purpose, email, new_email FROM one_time_tokens
        WHERE user_id = $1 AND purpose <> 'verify_email'`,
      [user.json()._id],
    );
    expect(rows).toEqual([
      { purpose: 'approve_email_change', email: 'mover@open.test', new_email: 'moved@open.test' },
    ]);
  });
});
