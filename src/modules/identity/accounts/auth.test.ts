import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { createUser } from '../../../../test/fixtures/identity.js';
import { outboxEvents } from '../../../platform/events/outbox.tables.js';
import { sessions, users } from '../identity.tables.js';
import { loadSigningKey } from '../sessions/tokens.js';

const ctx = await useTestApp();
const { app, platform } = ctx;
const db = platform.database.db;

const register = (payload: object) =>
  app.inject({ method: 'POST', url: '/v1/auth/register', payload });
const login = (payload: object) => app.inject({ method: 'POST', url: '/v1/auth/login', payload });
const me = (token: string) =>
  app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${token}` } });

function expectNoSecrets(body: string) {
  expect(body).not.toMatch(/\$argon2/);
  expect(body).not.toMatch(/passwordHash|password_hash/i);
}

describe('registration', () => {
  it('creates the user, a session and the registered event in one go', async () => {
    const res = await register({
      name: 'Ada Lovelace',
      email: 'Ada@Example.TEST',
      password: 'analytical engine 1843',
    });
    expect(res.statusCode).toBe(201);
    expectNoSecrets(res.body);
    const { user, tokens } = res.json().data;
    expect(user).toMatchObject({
      email: 'ada@example.test',
      name: 'Ada Lovelace',
      roles: ['attendee'],
      emailVerified: false,
    });
    expect(tokens.tokenType).toBe('Bearer');
    expect(tokens.expiresIn).toBe(900);
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const events = await db
      .select()
      .from(outboxEvents)
      .where(eq(outboxEvents.name, 'identity.user.registered'));
    expect(events.map((e) => e.payload)).toContainEqual({ userId: user.id });
    expect((await me(tokens.accessToken)).json().data.id).toBe(user.id);
  });

  it('refuses a second account for the same email in other case', async () => {
    await register({ name: 'A', email: 'dup@example.test', password: 'a long enough pass' });
    const res = await register({
      name: 'B',
      email: 'DUP@example.test',
      password: 'another long pass',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('IDENTITY.EMAIL_TAKEN');
  });

  it.each([
    ['short', 'too short'],
    ['password123', 'common'],
    ['QWERTYUIOP', 'common, in any case'],
    ['same@example.test', 'equal to the email'],
  ])('refuses the password %s (%s)', async (password) => {
    const res = await register({ name: 'X', email: 'same@example.test', password });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('body.password');
    expect(await db.select().from(users).where(eq(users.email, 'same@example.test'))).toHaveLength(
      0,
    );
  });

  it('rejects unknown fields such as roles', async () => {
    const res = await register({
      name: 'X',
      email: 'r@example.test',
      password: 'long enough password',
      roles: ['admin'],
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('login', () => {
  it('gives the identical 401 body for a wrong password and an unknown email', async () => {
    const user = await createUser(ctx);
    const wrong = await login({ email: user.email, password: 'not the password at all' });
    const unknown = await login({
      email: 'nobody@example.test',
      password: 'not the password at all',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip(wrong.json())).toEqual(strip(unknown.json()));
    expect(wrong.json().code).toBe('AUTH.INVALID_CREDENTIALS');
  });

  it('signs in case-insensitively and never returns the hash', async () => {
    const user = await createUser(ctx);
    const res = await login({ email: user.email.toUpperCase(), password: user.password });
    expect(res.statusCode).toBe(200);
    expectNoSecrets(res.body);
  });
});

describe('access tokens', () => {
  it('rejects a refresh token used as an access token', async () => {
    const user = await createUser(ctx);
    const res = await me(user.refreshToken);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('AUTH.INVALID_TOKEN');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('rejects alg none, a wrong signature, an expired token and a non-access typ', async () => {
    const user = await createUser(ctx);
    const [, payload] = user.accessToken.split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const none = `${header}.${payload}.`;
    const key = await loadSigningKey(undefined, platform.config.dataDir);
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('x'.repeat(48)));
    const expired = await new SignJWT({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(key);
    const refreshTyped = await new SignJWT({ ...claims, typ: 'refresh' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(key);
    const valid = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(key);
    const otherAlg = await new SignJWT(claims).setProtectedHeader({ alg: 'HS512' }).sign(key);
    // jose refuses to sign an unknown `crit`, so this one is assembled by hand.
    const critHeader = Buffer.from(
      JSON.stringify({ alg: 'HS256', typ: 'JWT', crit: ['exp'] }),
    ).toString('base64url');
    const critical = `${critHeader}.${payload}.${createHmac('sha256', key)
      .update(`${critHeader}.${payload}`)
      .digest('base64url')}`;
    const notYet = await new SignJWT({ ...claims, nbf: Math.floor(Date.now() / 1000) + 600 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(key);
    const { exp: _exp, ...withoutExp } = claims;
    const noExpiry = await new SignJWT(withoutExp).setProtectedHeader({ alg: 'HS256' }).sign(key);
    const { sid: _sid, ...withoutSid } = claims;
    const noSession = await new SignJWT(withoutSid)
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('5m')
      .sign(key);
    // The valid token respelled: a character outside the alphabet that decoders skip.
    const respelled = `${valid.slice(0, -1)}!${valid.slice(-1)}`;
    for (const token of [
      none,
      forged,
      expired,
      refreshTyped,
      'garbage',
      otherAlg,
      critical,
      notYet,
      noExpiry,
      noSession,
      respelled,
      `${valid}.extra`,
    ]) {
      const res = await me(token);
      expect(res.statusCode, token).toBe(401);
      expect(res.json().code).toBe('AUTH.INVALID_TOKEN');
    }
    // Control: the same construction with the right key and claims passes.
    expect((await me(valid)).statusCode).toBe(200);
    // Its signature with the last character's spare bits set decodes to the same
    // bytes, and is still refused: a token has one spelling.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(valid.at(-1)!);
    for (let bits = 1; bits < 4; bits++) {
      const variant = `${valid.slice(0, -1)}${alphabet[(last & ~3) | bits]}`;
      expect((await me(variant)).statusCode, variant).toBe(401);
    }
  });

  it('rejects an invalid token even on a public route', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/v1/organizers/00000000-0000-4000-8000-000000000000',
      headers: { authorization: 'Bearer nope' },
    });
    expect(res.statusCode).toBe(401);
  });

  it('keeps the generated secret private and stable', async () => {
    const { stat } = await import('node:fs/promises');
    const info = await stat(`${platform.config.dataDir}/jwt-secret`);
    expect(info.mode & 0o777).toBe(0o600);
    const a = await loadSigningKey(undefined, platform.config.dataDir);
    const b = await loadSigningKey(undefined, platform.config.dataDir);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});

describe('refresh and logout', () => {
  const refresh = (refreshToken: string) =>
    app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } });

  it('rotates the refresh token on every use', async () => {
    const user = await createUser(ctx);
    const first = await refresh(user.refreshToken);
    expect(first.statusCode).toBe(200);
    const next = first.json().data.tokens;
    expect(next.refreshToken).not.toBe(user.refreshToken);
    expect((await me(next.accessToken)).statusCode).toBe(200);
    const second = await refresh(next.refreshToken);
    expect(second.statusCode).toBe(200);
  });

  it('answers its token pair where sign-in does, in data.tokens', async () => {
    const user = await createUser(ctx);
    const signIn = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: user.email, password: user.password },
    });
    const refreshed = await refresh(signIn.json().data.tokens.refreshToken);
    expect(Object.keys(refreshed.json().data)).toEqual(['tokens']);
    expect(Object.keys(refreshed.json().data.tokens).sort()).toEqual(
      Object.keys(signIn.json().data.tokens).sort(),
    );
  });

  it('revokes the whole family when a rotated token is presented again', async () => {
    const user = await createUser(ctx);
    const rotated = (await refresh(user.refreshToken)).json().data.tokens;
    const reuse = await refresh(user.refreshToken);
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().code).toBe('AUTH.INVALID_REFRESH_TOKEN');
    // The legitimate newest token and its access token die with the family.
    expect((await refresh(rotated.refreshToken)).statusCode).toBe(401);
    expect((await me(rotated.accessToken)).statusCode).toBe(401);
    const [row] = await db.select().from(sessions).where(eq(sessions.id, rotated.sessionId));
    expect(row!.revokedReason).toBe('refresh_token_reuse');
  });

  it('rejects an unknown refresh token and a missing one', async () => {
    expect((await refresh('made-up')).statusCode).toBe(401);
    const res = await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: {} });
    expect(res.statusCode).toBe(401);
  });

  it('logout ends the session: access and refresh stop working', async () => {
    const user = await createUser(ctx);
    const res = await app.inject({ method: 'POST', url: '/v1/auth/logout', headers: user.headers });
    expect(res.statusCode, res.body).toBe(204);
    expect((await me(user.accessToken)).statusCode).toBe(401);
    expect((await refresh(user.refreshToken)).statusCode).toBe(401);
  });

  it('logout with a refresh token in the body ends that session', async () => {
    const user = await createUser(ctx);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/auth/logout',
      payload: { refreshToken: user.refreshToken },
    });
    expect(res.statusCode).toBe(204);
    expect((await me(user.accessToken)).statusCode).toBe(401);
  });

  it('a suspended user is locked out at once', async () => {
    const user = await createUser(ctx);
    await db.update(users).set({ status: 'suspended' }).where(eq(users.id, user.id));
    expect((await me(user.accessToken)).statusCode).toBe(401);
    expect((await refresh(user.refreshToken)).statusCode).toBe(401);
  });
});
