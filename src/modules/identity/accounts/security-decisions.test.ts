import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp } from '../../../../test/app.js';
import { createUser } from '../../../../test/fixtures/identity.js';
import { useOidcTestApp } from '../../../../test/fixtures/oidc-provider.js';
import { users } from '../identity.tables.js';

/** The decisions of docs/adr/0015-security-decisions.md, as a user sees them. */
const { ctx, op, signIn } = await useOidcTestApp();
const { app, platform } = ctx;
const { db } = platform.database;

const statusOf = async (id: string) =>
  (await db.select({ status: users.status }).from(users).where(eq(users.id, id)))[0]!.status;
const deleteMe = (headers: { authorization: string }, payload?: object) =>
  app.inject({ method: 'DELETE', url: '/v1/me', headers, ...(payload ? { payload } : {}) });

describe('DELETE /v1/me needs the owner, not just a session', () => {
  it('wants the current password of an account that has one', async () => {
    const user = await createUser(ctx);
    const missing = await deleteMe(user.headers);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([
      { field: 'body.password', message: 'Your current password is required.' },
    ]);
    const wrong = await deleteMe(user.headers, { password: 'not my password at all' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe('IDENTITY.WRONG_PASSWORD');
    expect(await statusOf(user.id)).toBe('active');
    expect((await deleteMe(user.headers, { password: user.password })).statusCode).toBe(204);
    expect(await statusOf(user.id)).toBe('deleted');
  });

  it('wants a recent sign-in from an account that only signs in through OpenID', async () => {
    op.setAccount({ sub: 'op-del', email: 'del@example.org', emailVerified: true });
    const signedIn = await signIn('op-del');
    const { user, tokens } = signedIn.json().data;
    const headers = { authorization: `Bearer ${tokens.accessToken}` };
    await platform.database.pool.query(
      `UPDATE identity_sessions SET created_at = now() - interval '1 hour' WHERE user_id = $1`,
      [user.id],
    );
    const stale = await deleteMe(headers);
    expect(stale.statusCode).toBe(403);
    expect(stale.json().code).toBe('AUTH.RECENT_SIGN_IN_REQUIRED');
    expect(await statusOf(user.id)).toBe('active');
    await platform.database.pool.query(
      `UPDATE identity_sessions SET created_at = now() WHERE user_id = $1`,
      [user.id],
    );
    expect((await deleteMe(headers)).statusCode).toBe(204);
    expect(await statusOf(user.id)).toBe('deleted');
  });

  it('on /api too: a self-deletion needs a recent login', async () => {
    const user = await createUser(ctx);
    await platform.database.pool.query(
      `UPDATE identity_sessions SET created_at = now() - interval '1 hour' WHERE user_id = $1`,
      [user.id],
    );
    const res = await app.inject({
      method: 'DELETE',
      url: `/api/users/${user.id}`,
      headers: user.headers,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toMatch(/^Log in again/);
    expect(await statusOf(user.id)).toBe('active');
  });
});

describe('GET /api/users/:id', () => {
  it('shows the email only to the user and to admins', async () => {
    const user = await createUser(ctx, { name: 'Private Person' });
    const teammate = await createUser(ctx);
    const admin = await createUser(ctx, { roles: ['admin'] });
    const as = (headers?: { authorization: string }) =>
      app.inject({ method: 'GET', url: `/api/users/${user.id}`, ...(headers ? { headers } : {}) });
    for (const res of [await as(), await as(teammate.headers)]) {
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ _id: user.id, name: 'Private Person' });
      expect(res.json()).not.toHaveProperty('email');
      expect(res.body).not.toContain(user.email);
    }
    expect((await as(user.headers)).json().email).toBe(user.email);
    expect((await as(admin.headers)).json().email).toBe(user.email);
  });
});

describe('API_DOCS', () => {
  it('is off by default in production and can be turned on', async () => {
    const production = await createTestApp({ NODE_ENV: 'production' });
    const enabled = await createTestApp({ NODE_ENV: 'production', API_DOCS: 'true' });
    try {
      for (const url of ['/openapi.json', '/docs']) {
        expect((await production.app.inject({ url })).statusCode).toBe(404);
        expect((await enabled.app.inject({ url })).statusCode).toBeLessThan(400);
      }
      // On by default outside production (this file's app runs with NODE_ENV=test).
      expect((await app.inject({ url: '/openapi.json' })).statusCode).toBe(200);
    } finally {
      await production.close();
      await enabled.close();
    }
  });
});
