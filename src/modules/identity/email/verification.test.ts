import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { useTestApp } from '../../../../test/app.js';
import { startSmtpServer, tokenFrom } from '../../../../test/fixtures/smtp.js';
import { oneTimeTokens, users } from '../identity.tables.js';
import { hashToken } from '../sessions/tokens.js';
import { registerUser } from '../../../../test/fixtures/identity-mail.js';

const smtp = await startSmtpServer();
afterAll(() => smtp.close());
const ctx = await useTestApp({ SMTP_URL: smtp.url });
const { app, platform } = ctx;
const { db } = platform.database;
await platform.jobs.startWorkers();

const verificationMailTo = (email: string) =>
  smtp.nextMessage((m) => m.to === email && m.subject.startsWith('Confirm your email'));

async function verify(token: string) {
  return app.inject({ method: 'POST', url: '/v1/auth/verify-email', payload: { token } });
}

describe('email verification', () => {
  it('registration sends a verification and a welcome email; the link verifies the address once', async () => {
    const ann = await registerUser(ctx, { email: 'ann@example.org', name: 'Ann <b>' });
    const mail = await verificationMailTo('ann@example.org');
    const welcome = await smtp.nextMessage(
      (m) => m.to === 'ann@example.org' && m.subject.startsWith('Welcome'),
    );
    expect(welcome.html).toContain('Ann &lt;b&gt;');
    expect(mail.text).toMatch(/http:\/\/marquee\.test\/verify-email\?token=[\w-]{43}/);
    expect(mail.html).toContain('href="http://marquee.test/verify-email?token=');
    const token = tokenFrom(mail);

    // Only the hash is stored.
    const [stored] = await db.select().from(oneTimeTokens).where(eq(oneTimeTokens.userId, ann.id));
    expect(stored!.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    const res = await verify(token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ success: true, data: { emailVerified: true } });
    const [row] = await db.select().from(users).where(eq(users.id, ann.id));
    expect(row!.emailVerifiedAt).toBeInstanceOf(Date);

    const again = await verify(token);
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('AUTH.LINK_INVALID');
  });

  it('refuses an expired token and leaves the address unverified', async () => {
    const ben = await registerUser(ctx, { email: 'ben@example.org' });
    const token = tokenFrom(await verificationMailTo('ben@example.org'));
    await db
      .update(oneTimeTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(oneTimeTokens.tokenHash, hashToken(token)));

    const res = await verify(token);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('AUTH.LINK_INVALID');
    const [row] = await db.select().from(users).where(eq(users.id, ben.id));
    expect(row!.emailVerifiedAt).toBeNull();
  });

  it('lets exactly one of two concurrent redemptions win', async () => {
    await registerUser(ctx, { email: 'cat@example.org' });
    const token = tokenFrom(await verificationMailTo('cat@example.org'));
    const results = await Promise.all([verify(token), verify(token), verify(token)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 400, 400]);
  });

  it('refuses unknown and malformed tokens precisely', async () => {
    expect((await verify('A'.repeat(43))).json().code).toBe('AUTH.LINK_INVALID');
    const malformed = await verify('not a token!');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('REQUEST.VALIDATION_FAILED');
  });

  it('resends for a signed-in unverified user, at most once a minute, and not once verified', async () => {
    const dan = await registerUser(ctx, { email: 'dan@example.org' });
    const first = tokenFrom(await verificationMailTo('dan@example.org'));
    const resend = () =>
      app.inject({ method: 'POST', url: '/v1/auth/verify-email/resend', headers: dan.headers });

    expect(
      (await app.inject({ method: 'POST', url: '/v1/auth/verify-email/resend' })).statusCode,
    ).toBe(401);
    const tooSoon = await resend();
    expect(tooSoon.statusCode).toBe(429);
    expect(tooSoon.json().code).toBe('AUTH.VERIFICATION_RESEND_TOO_SOON');
    expect(Number(tooSoon.headers['retry-after'])).toBeGreaterThan(0);

    // A minute later (moved back in the database rather than waited for).
    await db
      .update(oneTimeTokens)
      .set({ createdAt: new Date(Date.now() - 61_000) })
      .where(eq(oneTimeTokens.userId, dan.id));
    const accepted = await resend();
    expect(accepted.statusCode).toBe(202);
    const second = tokenFrom(await verificationMailTo('dan@example.org'));
    expect(second).not.toBe(first);

    expect((await verify(second)).statusCode).toBe(200);
    // Verifying retired the other outstanding link.
    expect((await verify(first)).statusCode).toBe(400);
    const done = await resend();
    expect(done.statusCode).toBe(409);
    expect(done.json().code).toBe('AUTH.EMAIL_ALREADY_VERIFIED');
  });
});
