import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { useOidcTestApp } from '../../../../test/fixtures/oidc-provider.js';
import { startSmtpServer, tokenFrom } from '../../../../test/fixtures/smtp.js';
import { registerUser } from '../../../../test/fixtures/identity-mail.js';
import type { TestUser } from '../../../../test/fixtures/identity.js';
import { apiTokens, auditEvents } from '../identity.tables.js';
import { API_TOKEN_PREFIX, hashToken, randomToken } from '../sessions/tokens.js';

/**
 * API tokens end whenever control of the account moves or is proven anew,
 * and none is made for an address nobody proved: a squatter who registered
 * someone else's address keeps no credential once the owner takes it back.
 */
const smtp = await startSmtpServer();
afterAll(() => smtp.close());
const { ctx, op, signIn } = await useOidcTestApp({ SMTP_URL: smtp.url });
const { app, platform } = ctx;
const { db } = platform.database;
await platform.jobs.startWorkers();

const createToken = (user: TestUser) =>
  app.inject({
    method: 'POST',
    url: '/v1/me/api-tokens',
    headers: user.headers,
    payload: { name: 'script', scopes: ['read', 'write'] },
  });
const mintToken = async (user: TestUser) => {
  const res = await createToken(user);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data.token as string;
};
/** A token as one made before verification was required would be: straight into the table. */
const legacyToken = async (userId: string) => {
  const secret = `${API_TOKEN_PREFIX}${randomToken()}`;
  await db.insert(apiTokens).values({
    userId,
    name: 'legacy',
    tokenHash: hashToken(secret),
    prefix: secret.slice(0, API_TOKEN_PREFIX.length + 6),
    scopes: ['read', 'write'],
  });
  return secret;
};
const statusWith = async (token: string) =>
  (
    await app.inject({
      method: 'GET',
      url: '/v1/me',
      headers: { authorization: `Bearer ${token}` },
    })
  ).statusCode;

describe('API tokens and who controls the account', () => {
  it('are refused to an account whose email is not verified, with a precise 403', async () => {
    const squatter = await registerUser(ctx, { email: 'squat-1@example.org' });
    const res = await createToken(squatter);
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      success: false,
      status: 403,
      code: 'AUTH.EMAIL_NOT_VERIFIED',
      detail: expect.stringContaining('Verify your email address'),
    });
    expect(await db.select().from(apiTokens).where(eq(apiTokens.userId, squatter.id))).toEqual([]);
    // One from before that rule does not authenticate while the address is unproven.
    expect(await statusWith(await legacyToken(squatter.id))).toBe(401);
  });

  it('end when the password is reset', async () => {
    const owner = await registerUser(ctx, { email: 'reset-owner@example.org', verified: true });
    const token = await mintToken(owner);
    expect(await statusWith(token)).toBe(200);
    await app.inject({
      method: 'POST',
      url: '/v1/auth/password/forgot',
      payload: { email: owner.email },
    });
    const mail = await smtp.nextMessage(
      (m) => m.to === owner.email && m.subject.startsWith('Reset your'),
    );
    const reset = await app.inject({
      method: 'POST',
      url: '/v1/auth/password/reset',
      payload: { token: tokenFrom(mail), password: 'a brand new passphrase 7' },
    });
    expect(reset.statusCode).toBe(200);
    expect(await statusWith(token)).toBe(401);
    const [audit] = await db
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'password.reset'));
    expect(audit!.details).toMatchObject({ apiTokensRevoked: 1 });
  });

  it('end when an OpenID sign-in takes over an address its registrant never proved', async () => {
    const squatter = await registerUser(ctx, { email: 'taken-over@example.org' });
    const token = await legacyToken(squatter.id);
    op.setAccount({ sub: 'op-owner', email: 'taken-over@example.org', emailVerified: true });
    const signedIn = await signIn('op-owner');
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().data.user.id).toBe(squatter.id);
    // The account is now verified: only revocation keeps the squatter's token out.
    expect(await statusWith(token)).toBe(401);
    const live = await db.select().from(apiTokens).where(eq(apiTokens.userId, squatter.id));
    expect(live.map((row) => row.revokedAt)).toEqual([expect.any(Date)]);
  });

  it('end when the email address changes', async () => {
    const owner = await registerUser(ctx, { email: 'mover@example.org', verified: true });
    const token = await mintToken(owner);
    const asked = await app.inject({
      method: 'POST',
      url: '/v1/me/email',
      headers: owner.headers,
      payload: { newEmail: 'moved@example.org', password: owner.password },
    });
    expect(asked.statusCode).toBe(202);
    const mail = await smtp.nextMessage(
      (m) => m.to === 'moved@example.org' && m.subject.startsWith('Confirm your new email'),
    );
    expect(await statusWith(token)).toBe(200);
    const confirmed = await app.inject({
      method: 'POST',
      url: '/v1/auth/email-change/confirm',
      payload: { token: tokenFrom(mail) },
    });
    expect(confirmed.statusCode).toBe(200);
    expect(await statusWith(token)).toBe(401);
    // The session stays: the owner mints a new token for the new address.
    expect(await statusWith(await mintToken(owner))).toBe(200);
  });
});
