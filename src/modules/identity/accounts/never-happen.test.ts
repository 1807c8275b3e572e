import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { createOrganizer, createUser } from '../../../../test/fixtures/identity.js';
import { users } from '../identity.tables.js';

const ctx = await useTestApp();
const { app, platform } = ctx;
const db = platform.database.db;

describe('must never happen', () => {
  it("a non-admin reading or changing another user's account", async () => {
    const alice = await createUser(ctx);
    const bob = await createUser(ctx);
    for (const [method, payload] of [
      ['GET', undefined],
      ['PATCH', { roles: ['admin'] }],
      ['DELETE', undefined],
    ] as const) {
      const res = await app.inject({
        method,
        url: `/v1/users/${bob.id}`,
        headers: alice.headers,
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, method).toBe(403);
    }
    const [row] = await db.select().from(users).where(eq(users.id, bob.id));
    expect(row).toMatchObject({ roles: ['attendee'], status: 'active' });
    const self = await app.inject({
      method: 'PATCH',
      url: `/v1/users/${alice.id}`,
      headers: alice.headers,
      payload: { roles: ['admin'] },
    });
    expect(self.statusCode).toBe(403);
  });

  it('an API token changing the password, minting tokens or deleting the account', async () => {
    const user = await createUser(ctx);
    const created = await app.inject({
      method: 'POST',
      url: '/v1/me/api-tokens',
      headers: user.headers,
      payload: { name: 'automation', scopes: ['read', 'write'] },
    });
    const bearer = { authorization: `Bearer ${created.json().data.token}` };
    const attempts = [
      {
        method: 'POST',
        url: '/v1/me/password',
        payload: { currentPassword: user.password, newPassword: 'hijacked password 1' },
      },
      { method: 'POST', url: '/v1/me/api-tokens', payload: { name: 'more', scopes: ['write'] } },
      { method: 'DELETE', url: '/v1/me' },
      { method: 'POST', url: '/v1/me/sessions/revoke-all' },
    ] as const;
    for (const attempt of attempts) {
      const res = await app.inject({ ...attempt, headers: bearer });
      expect(res.statusCode, attempt.url).toBe(403);
      expect(res.json().code).toBe('AUTH.SESSION_REQUIRED');
    }
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row!.status).toBe('active');
  });

  it('a password hash in any response', async () => {
    const admin = await createUser(ctx, { roles: ['admin', 'organizer'] });
    const org = await createOrganizer(ctx, admin);
    const urls = [
      '/v1/me',
      '/v1/me/sessions',
      '/v1/me/activity',
      '/v1/me/organizers',
      '/v1/me/api-tokens',
      '/v1/users',
      `/v1/users/${admin.id}`,
      `/v1/users/${admin.id}/activity`,
      `/v1/organizers/${org.id}`,
      `/v1/organizers/${org.id}/members`,
    ];
    for (const url of urls) {
      const res = await app.inject({ method: 'GET', url, headers: admin.headers });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toMatch(
        /\$argon2|passwordHash|password_hash|refreshTokenHash|tokenHash/,
      );
      expect(res.body, url).not.toContain(admin.password);
      expect(res.body, url).not.toContain(admin.refreshToken);
    }
  });
});
