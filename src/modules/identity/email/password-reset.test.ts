import { afterAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { useTestApp } from '../../../../test/app.js';
import { captureLogs } from '../../../../test/logs.js';
import { startSmtpServer, tokenFrom } from '../../../../test/fixtures/smtp.js';
import { login, registerUser } from '../../../../test/fixtures/identity-mail.js';
import { auditEvents, oneTimeTokens, users } from '../identity.tables.js';
import { hashToken } from '../sessions/tokens.js';

const smtp = await startSmtpServer();
afterAll(() => smtp.close());
const logs = captureLogs();
const ctx = await useTestApp({ SMTP_URL: smtp.url }, { logStream: logs.stream });
const { app, platform } = ctx;
const { db } = platform.database;
await platform.jobs.startWorkers();

const NEW_PASSWORD = 'a much better passphrase 42';
const forgot = (email: string) =>
  app.inject({ method: 'POST', url: '/v1/auth/password/forgot', payload: { email } });
const reset = (token: string, password: string) =>
  app.inject({ method: 'POST', url: '/v1/auth/password/reset', payload: { token, password } });
const resetMailTo = (email: string) =>
  smtp.nextMessage((m) => m.to === email && m.subject.startsWith('Reset your'));

describe('password reset', () => {
  it('emails a one-time link that sets the password, revokes every session and notifies', async () => {
    const bob = await registerUser(ctx, { email: 'bob@example.org' });
    const res = await forgot('BOB@example.org');
    expect(res.statusCode).toBe(202);
    const mail = await resetMailTo('bob@example.org');
    expect(mail.text).toContain('http://marquee.test/reset-password?token=');
    const token = tokenFrom(mail);

    // A refused password rolls everything back: the token still works afterwards.
    const weak = await reset(token, 'password123');
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors).toEqual([{ field: 'body.password', message: expect.any(String) }]);

    const done = await reset(token, NEW_PASSWORD);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ success: true, data: { passwordReset: true } });
    expect(done.body).not.toContain(NEW_PASSWORD);

    expect((await login(ctx, 'bob@example.org', bob.password)).statusCode).toBe(401);
    expect((await login(ctx, 'bob@example.org', NEW_PASSWORD)).statusCode).toBe(200);
    // The session opened at registration no longer works.
    const me = await app.inject({ method: 'GET', url: '/v1/me', headers: bob.headers });
    expect(me.statusCode).toBe(401);

    const audit = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.userId, bob.id), eq(auditEvents.action, 'password.reset')));
    expect(audit).toHaveLength(1);
    const [row] = await db.select().from(users).where(eq(users.id, bob.id));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);

    await platform.relay.drain();
    const notice = await smtp.nextMessage(
      (m) => m.to === 'bob@example.org' && m.subject.includes('password was changed'),
    );
    expect(notice.text).not.toContain(NEW_PASSWORD);

    // Neither the token nor either password was ever logged.
    expect(logs.lines.length).toBeGreaterThan(0);
    const logged = JSON.stringify(logs.lines);
    expect(logged).not.toContain(token);
    expect(logged).not.toContain(NEW_PASSWORD);
    expect(logged).not.toContain(bob.password);

    const twice = await reset(token, 'yet another passphrase 43');
    expect(twice.statusCode).toBe(400);
    expect(twice.json().code).toBe('AUTH.LINK_INVALID');
  });

  it('refuses an expired reset token', async () => {
    const eve = await registerUser(ctx, { email: 'eve@example.org' });
    await forgot('eve@example.org');
    const token = tokenFrom(await resetMailTo('eve@example.org'));
    await db
      .update(oneTimeTokens)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(oneTimeTokens.tokenHash, hashToken(token)));
    const res = await reset(token, NEW_PASSWORD);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('AUTH.LINK_INVALID');
    expect((await login(ctx, 'eve@example.org', eve.password)).statusCode).toBe(200);
  });

  it('answers an unknown address exactly like a known one and sends it nothing', async () => {
    await registerUser(ctx, { email: 'carol@example.org' });
    const unknown = await forgot('nobody@example.org');
    const known = await forgot('carol@example.org');
    expect(unknown.statusCode).toBe(202);
    expect(unknown.json()).toEqual(known.json());
    // The jobs run in order: once Carol's mail is here, the unknown address was handled.
    await resetMailTo('carol@example.org');
    const { rows } = await db.execute<{ state: string }>(
      sql`SELECT state FROM pgboss.job WHERE name = 'identity.password-reset-request' AND data->>'email' = 'nobody@example.org'`,
    );
    expect(rows.map((r) => r.state)).toEqual(['completed']);
    expect(smtp.messages.filter((m) => m.to === 'nobody@example.org')).toEqual([]);
  });

  it('rate limits forgot per client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await forgot(`x${i}@example.org`)).statusCode);
    expect(statuses).toContain(429);
  });
});
