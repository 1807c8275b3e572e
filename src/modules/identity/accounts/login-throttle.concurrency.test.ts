import { and, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { createUser } from '../../../../test/fixtures/identity.js';
import { startSmtpServer } from '../../../../test/fixtures/smtp.js';
import type { App } from '../../../platform/http/types.js';
import { authenticate } from './accounts.service.js';
import { auditEvents, loginThrottles } from '../identity.tables.js';
import { ACCOUNT_MAX_DELAY_SECONDS, reserveAttempt, signInGates } from './throttle.js';

const POLICY = { maxFailures: 5, lockSeconds: 600 };

/**
 * The control: sign-in as it was, checking the gates after verifying the
 * password (check, verify, record), so attempts in flight are all verified.
 */
let controlVerified = 0;
const oldOrdering = (app: App) => {
  app.post(
    '/test/login-old-ordering',
    { schema: { body: Type.Object({ email: Type.String(), password: Type.String() }) } },
    async (request) => {
      const { email, password } = request.body;
      const user = await authenticate(ctx.modules.identity.context, email, password);
      controlVerified++;
      await reserveAttempt(app.platform.database, signInGates(email, request.ip, POLICY), 600);
      return { signedIn: user !== null };
    },
  );
};

const smtp = await startSmtpServer();
afterAll(() => smtp.close());
const ctx = await useTestApp(
  {
    LOGIN_MAX_FAILURES: String(POLICY.maxFailures),
    LOGIN_LOCK_SECONDS: String(POLICY.lockSeconds),
    RATE_LIMIT_MAX: '1000000',
    TRUST_PROXY: 'true',
    SMTP_URL: smtp.url,
  },
  { plugins: [oldOrdering] },
);
const { app, platform } = ctx;
const { db } = platform.database;
let baseUrl = '';
beforeAll(async () => {
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
});

/** A real HTTP sign-in on its own connection, from `ip` (X-Forwarded-For, TRUST_PROXY is on). */
async function signIn(email: string, password: string, ip: string, path = '/v1/auth/login') {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ email, password }),
  });
  await res.arrayBuffer();
  return { status: res.status, retryAfter: Number(res.headers.get('retry-after')) };
}

/** `n` attempts at once, the right password last; `ipOf(i)` picks each one's address. */
function burst(
  user: { email: string; password: string },
  n: number,
  ipOf: (i: number) => string,
  path?: string,
) {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      signIn(user.email, i === n - 1 ? user.password : `wrong guess ${i}!!`, ipOf(i), path),
    ),
  );
}

const count = (answers: { status: number }[], status: number) =>
  answers.filter((a) => a.status === status).length;

describe('parallel guesses against the sign-in throttle', () => {
  it('a burst from one address gets no more checks than the same guesses one by one', async () => {
    const user = await createUser(ctx);
    const answers = await burst(user, 30, () => '10.20.0.1');
    // Two free failures, the third sets a delay: three checks at most, in a burst or in turn.
    const checked = count(answers, 401) + count(answers, 200);
    expect(checked).toBeLessThanOrEqual(3);
    expect(count(answers, 429)).toBeGreaterThanOrEqual(27);
    const failures = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.userId, user.id), eq(auditEvents.action, 'sign_in.failed')));
    expect(failures.length).toBe(count(answers, 401));
  });

  it('control: checking after verifying lets the whole burst be checked', async () => {
    const user = await createUser(ctx);
    controlVerified = 0;
    await burst(user, 30, () => '10.20.0.2', '/test/login-old-ordering');
    expect(controlVerified).toBeGreaterThan(3);
  });

  it('a burst from rotating addresses is held to the account-wide delay', async () => {
    const user = await createUser(ctx);
    const guesser = { email: user.email, password: 'not the password!!' };
    const answers = await burst(guesser, 30, (i) => `10.21.0.${i + 1}`);
    // Five free failures for the account, the sixth sets its delay: six checks, in a burst or in turn.
    expect(count(answers, 401)).toBe(POLICY.maxFailures + 1);
    for (const refused of answers.filter((a) => a.status === 429))
      expect(refused.retryAfter).toBeLessThanOrEqual(ACCOUNT_MAX_DELAY_SECONDS);
    // Six failures at once past the threshold: one notice.
    expect(await platform.mail.drain()).toBe(1);
    expect((await smtp.nextMessage((m) => m.to === user.email)).subject).toContain(
      'Failed sign-in',
    );
  });
});

describe('nobody can lock the owner out', () => {
  it('failures from rotating addresses do not lock the right password from another client', async () => {
    const user = await createUser(ctx);
    for (let i = 1; i <= POLICY.maxFailures; i++)
      expect((await signIn(user.email, 'wrong password!!', `10.22.0.${i}`)).status).toBe(401);
    expect((await signIn(user.email, user.password, '10.22.1.1')).status).toBe(200);
    // The owner heard of the attempts all the same.
    expect(await platform.mail.drain()).toBe(1);
  });

  it('the account-wide counter only delays, briefly, and mails the owner once', async () => {
    const user = await createUser(ctx);
    for (let i = 1; i <= POLICY.maxFailures + 1; i++)
      expect((await signIn(user.email, 'wrong password!!', `10.23.0.${i}`)).status).toBe(401);
    const delayed = await signIn(user.email, user.password, '10.23.1.1');
    expect(delayed.status).toBe(429);
    expect(delayed.retryAfter).toBeGreaterThan(0);
    expect(delayed.retryAfter).toBeLessThanOrEqual(ACCOUNT_MAX_DELAY_SECONDS);
    const [row] = await db
      .select()
      .from(loginThrottles)
      .where(eq(loginThrottles.key, `account:${user.email}`));
    expect(row!.lockedUntil!.getTime() - Date.now()).toBeLessThan(
      ACCOUNT_MAX_DELAY_SECONDS * 1000 + 1000,
    );
    // The delay over, the owner signs in from anywhere, and the counter is gone.
    await db
      .update(loginThrottles)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(loginThrottles.key, `account:${user.email}`));
    expect((await signIn(user.email, user.password, '10.23.1.1')).status).toBe(200);

    expect(await platform.mail.drain()).toBe(1);
    const notice = await smtp.nextMessage((m) => m.to === user.email);
    expect(notice.subject).toBe('Failed sign-in attempts on your Marquee account');
    expect(notice.text).toContain(`${POLICY.maxFailures} times`);
  });

  it('tells the owner at most once a window, however many failures follow', async () => {
    const user = await createUser(ctx);
    for (let i = 1; i <= POLICY.maxFailures; i++)
      await signIn(user.email, 'wrong password!!', `10.24.0.${i}`);
    expect(await platform.mail.drain()).toBe(1);
    // Past the delay each time, more failures from more addresses.
    for (let i = 1; i <= 3; i++) {
      await db
        .update(loginThrottles)
        .set({ lockedUntil: null })
        .where(eq(loginThrottles.key, `account:${user.email}`));
      expect((await signIn(user.email, 'wrong password!!', `10.24.1.${i}`)).status).toBe(401);
    }
    const [row] = await db
      .select()
      .from(loginThrottles)
      .where(eq(loginThrottles.key, `account:${user.email}`));
    expect(row!.failures).toBe(POLICY.maxFailures + 3);
    expect(row!.notifiedAt).not.toBeNull();
    expect(await platform.mail.drain()).toBe(0);
  });
});
