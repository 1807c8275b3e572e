import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { createUser } from '../../../../test/fixtures/identity.js';
import { outboxEvents } from '../../../platform/events/outbox.tables.js';
import { auditEvents, sessions, users } from '../identity.tables.js';

const ctx = await useTestApp({ LOGIN_MAX_FAILURES: '5', LOGIN_LOCK_SECONDS: '600' });
const { app, platform } = ctx;
const db = platform.database.db;

const me = (headers: Record<string, string>) =>
  app.inject({ method: 'GET', url: '/v1/me', headers });
const login = (email: string, password: string, ip = '10.0.0.1') =>
  app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    payload: { email, password },
    remoteAddress: ip,
  });

describe('login throttling', () => {
  it('delays after repeated failures from an address, then refuses it with 429 and Retry-After', async () => {
    const user = await createUser(ctx);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await login(user.email, 'wrong password!!', '10.0.0.2')).statusCode);
    // Two free failures, then the third sets a short delay: the fourth attempt is refused.
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses[3]).toBe(429);
    // Even the right password waits from that address; the owner elsewhere is not held up.
    const locked = await login(user.email, user.password, '10.0.0.2');
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.json().code).toBe('AUTH.TOO_MANY_ATTEMPTS');
    expect((await login(user.email, user.password, '10.0.0.3')).statusCode).toBe(200);
    const failures = await db.select().from(auditEvents).where(eq(auditEvents.userId, user.id));
    expect(failures.filter((a) => a.action === 'sign_in.failed')).toHaveLength(3);
  });

  it("gives a shared address room: other people's typos do not delay the next sign-in behind it", async () => {
    const typists = await Promise.all([1, 2, 3, 4, 5].map(() => createUser(ctx)));
    for (const typist of typists)
      expect((await login(typist.email, 'wrong password!!', '10.9.9.9')).statusCode).toBe(401);
    const next = await createUser(ctx);
    expect((await login(next.email, next.password, '10.9.9.9')).statusCode).toBe(200);
  });

  it('says "1 second", not "1 seconds"', async () => {
    const user = await createUser(ctx);
    for (let i = 0; i < 3; i++) await login(user.email, 'wrong password!!', '10.0.0.6');
    const res = await login(user.email, 'wrong password!!', '10.0.0.6');
    expect(res.statusCode).toBe(429);
    expect(JSON.stringify(res.json())).toContain(
      'Too many failed sign-in attempts; try again in 1 second.',
    );
  });

  it('treats an unknown email exactly like a known one', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await login('ghost@example.test', 'wrong password!!', '10.0.0.4')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

describe('sessions', () => {
  it('lists own sessions with the current one flagged, and revokes one', async () => {
    const user = await createUser(ctx);
    const second = (await login(user.email, user.password, '10.1.1.1')).json().data.tokens;
    const list = await me(user.headers).then(() =>
      app.inject({ method: 'GET', url: '/v1/me/sessions', headers: user.headers }),
    );
    expect(list.statusCode).toBe(200);
    const rows = list.json().data;
    expect(rows).toHaveLength(2);
    expect(rows.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(rows.map((s: { ip: string }) => s.ip)).toContain('10.1.1.1');
    const res = await app.inject({
      method: 'DELETE',
      url: `/v1/me/sessions/${second.sessionId}`,
      headers: user.headers,
    });
    expect(res.statusCode).toBe(204);
    expect((await me({ authorization: `Bearer ${second.accessToken}` })).statusCode).toBe(401);
    expect((await me(user.headers)).statusCode).toBe(200);
  });

  it("cannot see or revoke another user's session", async () => {
    const alice = await createUser(ctx);
    const bob = await createUser(ctx);
    const [bobSession] = await db.select().from(sessions).where(eq(sessions.userId, bob.id));
    const res = await app.inject({
      method: 'DELETE',
      url: `/v1/me/sessions/${bobSession!.id}`,
      headers: alice.headers,
    });
    expect(res.statusCode).toBe(404);
    expect((await me(bob.headers)).statusCode).toBe(200);
    const list = await app.inject({
      method: 'GET',
      url: '/v1/me/sessions',
      headers: alice.headers,
    });
    expect(list.json().data.map((s: { id: string }) => s.id)).not.toContain(bobSession!.id);
  });

  it('revoke-all keeps only the current session', async () => {
    const user = await createUser(ctx);
    const other = (await login(user.email, user.password, '10.1.1.2')).json().data.tokens;
    const res = await app.inject({
      method: 'POST',
      url: '/v1/me/sessions/revoke-all',
      headers: user.headers,
    });
    expect(res.json().data.revoked).toBe(1);
    expect((await me({ authorization: `Bearer ${other.accessToken}` })).statusCode).toBe(401);
    expect((await me(user.headers)).statusCode).toBe(200);
  });
});

describe('password change', () => {
  it('needs the current password, signs out other sessions and publishes the event', async () => {
    const user = await createUser(ctx);
    const other = (await login(user.email, user.password, '10.1.1.3')).json().data.tokens;
    const wrong = await app.inject({
      method: 'POST',
      url: '/v1/me/password',
      headers: user.headers,
      payload: { currentPassword: 'not it at all', newPassword: 'a brand new secret 42' },
    });
    expect(wrong.statusCode).toBe(403);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/me/password',
      headers: user.headers,
      payload: { currentPassword: user.password, newPassword: 'a brand new secret 42' },
    });
    expect(res.statusCode).toBe(204);
    expect((await me({ authorization: `Bearer ${other.accessToken}` })).statusCode).toBe(401);
    expect((await me(user.headers)).statusCode).toBe(200);
    expect((await login(user.email, user.password, '10.1.1.4')).statusCode).toBe(401);
    expect((await login(user.email, 'a brand new secret 42', '10.1.1.4')).statusCode).toBe(200);
    const events = await db
      .select()
      .from(outboxEvents)
      .where(eq(outboxEvents.name, 'identity.password.changed'));
    expect(events.map((e) => e.payload)).toContainEqual({ userId: user.id });
    const activity = await app.inject({
      method: 'GET',
      url: '/v1/me/activity',
      headers: user.headers,
    });
    expect(activity.json().data.map((a: { action: string }) => a.action)).toContain(
      'password.changed',
    );
  });
});

describe('account deletion', () => {
  it('anonymises the account and ends its sessions', async () => {
    const user = await createUser(ctx);
    const res = await app.inject({
      method: 'DELETE',
      url: '/v1/me',
      headers: user.headers,
      payload: { password: user.password },
    });
    expect(res.statusCode).toBe(204);
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row).toMatchObject({ status: 'deleted', name: 'Deleted user', passwordHash: null });
    expect(row!.email).not.toBe(user.email);
    expect((await me(user.headers)).statusCode).toBe(401);
    expect((await login(user.email, user.password, '10.1.1.5')).statusCode).toBe(401);
  });
});

describe('API tokens', () => {
  it('shows the secret once, authenticates with its scopes, and can be revoked', async () => {
    const user = await createUser(ctx);
    const created = await app.inject({
      method: 'POST',
      url: '/v1/me/api-tokens',
      headers: user.headers,
      payload: { name: 'CI', scopes: ['read'] },
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json().data;
    expect(token).toMatch(/^mq_/);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await me(bearer)).json().data.id).toBe(user.id);
    // read scope only: writes are refused.
    const write = await app.inject({
      method: 'PATCH',
      url: '/v1/me',
      headers: bearer,
      payload: { name: 'Bot' },
    });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('AUTH.INSUFFICIENT_SCOPE');
    const list = await app.inject({
      method: 'GET',
      url: '/v1/me/api-tokens',
      headers: user.headers,
    });
    expect(list.body).not.toContain(token);
    expect(list.json().data).toHaveLength(1);

    const stranger = await createUser(ctx);
    const steal = await app.inject({
      method: 'DELETE',
      url: `/v1/me/api-tokens/${id}`,
      headers: stranger.headers,
    });
    expect(steal.statusCode).toBe(404);
    const revoke = await app.inject({
      method: 'DELETE',
      url: `/v1/me/api-tokens/${id}`,
      headers: user.headers,
    });
    expect(revoke.statusCode).toBe(204);
    expect((await me(bearer)).statusCode).toBe(401);
  });
});
