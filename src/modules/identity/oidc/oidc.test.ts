import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { Validator } from '@seriousme/openapi-schema-validator';
import { useTestApp } from '../../../../test/app.js';
import { startOidcProvider } from '../../../../test/fixtures/oidc-provider.js';
import { login, registerUser } from '../../../../test/fixtures/identity-mail.js';
import { identityLinks, oidcLoginAttempts, users } from '../identity.tables.js';

const CALLBACK = 'http://marquee.test/v1/auth/oidc/acme/callback';
const op = await startOidcProvider({ redirectUris: [CALLBACK] });
afterAll(() => op.close());
const ctx = await useTestApp({ OIDC_PROVIDERS: JSON.stringify([op.configEntry('acme')]) });
const { app, platform } = ctx;
const { db } = platform.database;

/** Starts a sign-in: the provider URL and the browser cookie. */
async function start() {
  const res = await app.inject({ method: 'GET', url: '/v1/auth/oidc/acme/start' });
  expect(res.statusCode).toBe(302);
  const setCookie = String(res.headers['set-cookie']);
  return { location: String(res.headers.location), setCookie, cookie: setCookie.split(';')[0]! };
}

/** The callback as our server sees it. */
function callback(url: URL, cookie?: string) {
  return app.inject({
    method: 'GET',
    url: `${url.pathname}${url.search}`,
    headers: cookie ? { cookie } : {},
  });
}

/** A whole sign-in as `sub` at the provider. */
async function signIn(sub: string) {
  const { location, cookie } = await start();
  return callback(await op.login(location, sub), cookie);
}

const userByEmail = async (email: string) =>
  (await db.select().from(users).where(eq(users.email, email)))[0];

describe('sign-in with OpenID Connect', () => {
  it('redirects to the provider with PKCE S256, state and nonce, binding the browser', async () => {
    const { location, setCookie } = await start();
    const url = new URL(location);
    expect(url.origin).toBe(op.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get('redirect_uri')).toBe(CALLBACK);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    // The state is stored only as a hash.
    const attempts = await db.select().from(oidcLoginAttempts);
    expect(JSON.stringify(attempts)).not.toContain(url.searchParams.get('state'));
  });

  it('answers 404 for an unknown provider', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/auth/oidc/nope/start' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('AUTH.OIDC_PROVIDER_NOT_FOUND');
  });

  it('creates a verified, password-less account on first sign-in and reuses it after', async () => {
    op.setAccount({ sub: 'op-ivy', email: 'ivy@example.org', emailVerified: true, name: 'Ivy' });
    const first = await signIn('op-ivy');
    expect(first.statusCode).toBe(200);
    const ivy = await userByEmail('ivy@example.org');
    expect(ivy).toMatchObject({ name: 'Ivy', passwordHash: null });
    expect(ivy!.emailVerifiedAt).toBeInstanceOf(Date);
    expect(first.json().data.user.id).toBe(ivy!.id);
    const me = await app.inject({
      method: 'GET',
      url: '/v1/me',
      headers: { authorization: `Bearer ${first.json().data.tokens.accessToken}` },
    });
    expect(me.statusCode).toBe(200);

    const second = await signIn('op-ivy');
    expect(second.statusCode).toBe(200);
    expect(second.json().data.user.id).toBe(ivy!.id);
    const links = await db.select().from(identityLinks).where(eq(identityLinks.userId, ivy!.id));
    expect(links).toMatchObject([{ provider: 'acme', subject: 'op-ivy' }]);
  });

  it('links an existing account with the same verified email', async () => {
    const jo = await registerUser(ctx, { email: 'jo@example.org', verified: true });
    op.setAccount({ sub: 'op-jo', email: 'JO@example.org', emailVerified: true });
    const res = await signIn('op-jo');
    expect(res.statusCode).toBe(200);
    expect(res.json().data.user.id).toBe(jo.id);
    // The password keeps working beside the provider.
    expect((await login(ctx, 'jo@example.org', jo.password)).statusCode).toBe(200);
    expect(await db.select().from(identityLinks).where(eq(identityLinks.subject, 'op-jo'))).toEqual(
      [expect.objectContaining({ userId: jo.id })],
    );
  });

  it('takes an unverified account over from whoever registered the address', async () => {
    const squatter = await registerUser(ctx, { email: 'kim@example.org' });
    op.setAccount({ sub: 'op-kim', email: 'kim@example.org', emailVerified: true });
    const before = await app.inject({ method: 'GET', url: '/v1/me', headers: squatter.headers });
    expect(before.statusCode).toBe(200);
    const res = await signIn('op-kim');
    expect(res.statusCode).toBe(200);
    expect(res.json().data.user.id).toBe(squatter.id);
    expect((await login(ctx, 'kim@example.org', squatter.password)).statusCode).toBe(401);
    const old = await app.inject({ method: 'GET', url: '/v1/me', headers: squatter.headers });
    expect(old.statusCode).toBe(401);
  });

  it('refuses a suspended account and starts afresh after the linked account was deleted', async () => {
    op.setAccount({ sub: 'op-noa', email: 'noa@example.org', emailVerified: true });
    const created = (await signIn('op-noa')).json().data.user.id as string;
    await db.update(users).set({ status: 'suspended' }).where(eq(users.id, created));
    const suspended = await signIn('op-noa');
    expect(suspended.statusCode).toBe(403);
    expect(suspended.json().code).toBe('AUTH.ACCOUNT_SUSPENDED');

    await db
      .update(users)
      .set({ status: 'deleted', email: `deleted-${created}@deleted.invalid` })
      .where(eq(users.id, created));
    const fresh = await signIn('op-noa');
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json().data.user.id).not.toBe(created);
    expect((await userByEmail('noa@example.org'))!.id).toBe(fresh.json().data.user.id);
  });

  it('refuses a provider account without a verified email', async () => {
    op.setAccount({ sub: 'op-lee', email: 'lee@example.org', emailVerified: false });
    const res = await signIn('op-lee');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('AUTH.OIDC_EMAIL_NOT_VERIFIED');
    expect(await userByEmail('lee@example.org')).toBeUndefined();
  });

  it('rejects a tampered, missing or replayed state and a callback from another browser', async () => {
    op.setAccount({ sub: 'op-max', email: 'max@example.org', emailVerified: true });

    const tampered = await start();
    const back = await op.login(tampered.location, 'op-max');
    const forged = new URL(back);
    forged.searchParams.set('state', `${back.searchParams.get('state')}x`);
    const res = await callback(forged, tampered.cookie);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('AUTH.OIDC_STATE_INVALID');

    const missing = new URL(back);
    missing.searchParams.delete('state');
    expect((await callback(missing, tampered.cookie)).json().code).toBe('AUTH.OIDC_STATE_INVALID');

    const other = await start();
    const otherBack = await op.login(other.location, 'op-max');
    expect((await callback(otherBack)).json().code).toBe('AUTH.OIDC_STATE_INVALID');

    const good = await start();
    const goodBack = await op.login(good.location, 'op-max');
    expect((await callback(goodBack, good.cookie)).statusCode).toBe(200);
    const replay = await callback(goodBack, good.cookie);
    expect(replay.statusCode).toBe(400);
    expect(replay.json().code).toBe('AUTH.OIDC_STATE_INVALID');
    expect(await userByEmail('max@example.org')).toBeDefined();
  });

  it('documents every email and sign-in route in a valid OpenAPI document', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const result = await new Validator().validate(spec);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    for (const path of [
      '/v1/auth/verify-email',
      '/v1/auth/verify-email/resend',
      '/v1/auth/password/forgot',
      '/v1/auth/password/reset',
      '/v1/auth/oidc/providers',
      '/v1/auth/oidc/{provider}/start',
      '/v1/auth/oidc/{provider}/callback',
    ])
      expect(Object.keys(spec.paths)).toContain(path);
  });
});
