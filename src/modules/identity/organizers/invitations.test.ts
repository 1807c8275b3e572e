import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { createOrganizer, createUser } from '../../../../test/fixtures/identity.js';
import { isOrganizerMember } from './organizers.service.js';

const ctx = await useTestApp();
const { app, platform } = ctx;
const db = platform.database.db;

/** The invitation token, read from the queued email as the recipient would. */
async function tokenMailedTo(email: string): Promise<string> {
  const result = await db.execute<{ data: { to: string; text: string; html: string } }>(
    sql`SELECT data FROM pgboss.job WHERE name = 'mail.send' AND data->>'to' = ${email} ORDER BY created_on DESC LIMIT 1`,
  );
  const message = result.rows[0]!.data;
  expect(message.html).toContain('organizer-invitations/accept');
  return /token=([A-Za-z0-9_-]+)/.exec(message.text)![1]!;
}

describe('organizer invitations', () => {
  it('mails a one-time token that only the invited, verified user can accept', async () => {
    const owner = await createUser(ctx, { roles: ['organizer'] });
    const invitee = await createUser(ctx);
    const stranger = await createUser(ctx);
    const org = await createOrganizer(ctx, owner, { name: 'Jazz Nights' });
    const res = await app.inject({
      method: 'POST',
      url: `/v1/organizers/${org.id}/invitations`,
      headers: owner.headers,
      payload: { email: invitee.email.toUpperCase(), role: 'manager' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.body).not.toMatch(/token/i);
    const token = await tokenMailedTo(invitee.email);
    const accept = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/v1/organizer-invitations/accept',
        headers,
        payload: { token },
      });
    const wrongUser = await accept(stranger.headers);
    expect(wrongUser.statusCode).toBe(403);
    const ok = await accept(invitee.headers);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().data).toEqual({ organizerId: org.id, role: 'manager' });
    expect(await isOrganizerMember(db, invitee.id, org.id, 'manager')).toBe(true);
    expect((await accept(invitee.headers)).statusCode).toBe(404);
  });

  it('refuses unverified accounts and lets only owners invite owners', async () => {
    const owner = await createUser(ctx, { roles: ['organizer'] });
    const manager = await createUser(ctx);
    const unverified = await createUser(ctx, { emailVerified: false });
    const org = await createOrganizer(ctx, owner);
    await app.inject({
      method: 'POST',
      url: `/v1/organizers/${org.id}/members`,
      headers: owner.headers,
      payload: { userId: manager.id, role: 'manager' },
    });
    const asOwner = await app.inject({
      method: 'POST',
      url: `/v1/organizers/${org.id}/invitations`,
      headers: manager.headers,
      payload: { email: 'x@example.test', role: 'owner' },
    });
    expect(asOwner.statusCode).toBe(403);
    await app.inject({
      method: 'POST',
      url: `/v1/organizers/${org.id}/invitations`,
      headers: manager.headers,
      payload: { email: unverified.email, role: 'staff' },
    });
    const token = await tokenMailedTo(unverified.email);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/organizer-invitations/accept',
      headers: unverified.headers,
      payload: { token },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('AUTH.EMAIL_NOT_VERIFIED');
    const pending = await app.inject({
      method: 'GET',
      url: `/v1/organizers/${org.id}/invitations`,
      headers: owner.headers,
    });
    expect(pending.json().data).toHaveLength(1);
  });
});
