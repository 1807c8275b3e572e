import { afterAll, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { useTestApp } from '../../../../test/app.js';
import { startSmtpServer, tokenFrom } from '../../../../test/fixtures/smtp.js';
import { registerUser } from '../../../../test/fixtures/identity-mail.js';
import { requestEmailChange } from './email-change.service.js';
import { auditEvents, users } from '../identity.tables.js';
import { IDENTITY_ERRORS } from '../identity.errors.js';

type Headers = { authorization: string };

/** A test app with a mailbox, and the requests and checks the email-change tests share. */
export async function useEmailChangeApp() {
  const smtp = await startSmtpServer();
  afterAll(() => smtp.close());
  const ctx = await useTestApp({ SMTP_URL: smtp.url });
  const { app, platform } = ctx;
  const { db } = platform.database;
  await platform.jobs.startWorkers();

  const requestChange = (headers: Headers, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: '/v1/me/email', headers, payload });
  const confirm = (token: string) =>
    app.inject({ method: 'POST', url: '/v1/auth/email-change/confirm', payload: { token } });
  const me = (headers: Headers) => app.inject({ method: 'GET', url: '/v1/me', headers });
  const changeMailTo = (email: string) =>
    smtp.nextMessage((m) => m.to === email && m.subject.startsWith('Confirm your new email'));
  const noticeTo = (email: string) =>
    smtp.nextMessage((m) => m.to === email && m.subject.includes('change of your'));
  const approvalTo = (email: string) =>
    smtp.nextMessage((m) => m.to === email && m.subject.startsWith('Approve the change'));
  const cancel = (token: string) =>
    app.inject({ method: 'POST', url: '/v1/auth/email-change/cancel', payload: { token } });
  const approve = (token: string) =>
    app.inject({ method: 'POST', url: '/v1/auth/email-change/approve', payload: { token } });
  const expectUnusable = (res: { statusCode: number; json(): { code: string } }) => {
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe(IDENTITY_ERRORS.linkInvalid);
  };
  /** A change asked for with no proof of ownership (as the Tickest app does): the current address must approve. */
  const requestUnproven = (userId: string, newEmail: string) =>
    requestEmailChange(ctx.modules.identity.context, {
      userId,
      newEmail,
      proof: { kind: 'legacy-app' },
      meta: {},
    });
  const emailOf = async (id: string) =>
    (await db.select({ email: users.email }).from(users).where(eq(users.id, id)))[0]!.email;
  const actionsOf = async (userId: string) =>
    (
      await db
        .select({ action: auditEvents.action })
        .from(auditEvents)
        .where(eq(auditEvents.userId, userId))
    ).map((row) => row.action);

  /** POST /v1/me/password, with the events it causes delivered. */
  async function changePassword(user: { headers: Headers; password: string }) {
    const changed = await app.inject({
      method: 'POST',
      url: '/v1/me/password',
      headers: user.headers,
      payload: { currentPassword: user.password, newPassword: 'a brand new secret 42' },
    });
    expect(changed.statusCode).toBe(204);
    await platform.relay.drain();
  }

  /** A registered user who asked to move to `newEmail`. */
  async function requestFor(email: string, newEmail: string) {
    const user = await registerUser(ctx, { email, verified: true });
    const res = await requestChange(user.headers, { newEmail, password: user.password });
    expect(res.statusCode, res.body).toBe(202);
    return user;
  }

  /** The same, with the token mailed to the new address. */
  async function pendingChange(email: string, newEmail: string) {
    const user = await requestFor(email, newEmail);
    return { user, token: tokenFrom(await changeMailTo(newEmail)) };
  }

  return {
    smtp,
    ctx,
    app,
    platform,
    db,
    requestChange,
    confirm,
    me,
    changeMailTo,
    noticeTo,
    approvalTo,
    cancel,
    approve,
    expectUnusable,
    requestUnproven,
    emailOf,
    actionsOf,
    changePassword,
    requestFor,
    pendingChange,
  };
}
