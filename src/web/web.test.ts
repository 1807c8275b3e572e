import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app.js';
import { createOrganizer, createUser } from '../../test/fixtures/identity.js';
import { login, registerUser } from '../../test/fixtures/identity-mail.js';
import { startSmtpServer, tokenFrom } from '../../test/fixtures/smtp.js';
import { badRequest, invalidField } from '../platform/http/errors.js';
import { pageMessage } from '../platform/http/html-page.js';

const smtp = await startSmtpServer();
afterAll(() => smtp.close());
const ctx = await useTestApp({ SMTP_URL: smtp.url });
const { app, platform } = ctx;
const { db } = platform.database;

/** Delivers committed events, runs identity's reset-request job, and sends queued mail. */
async function deliver() {
  await platform.relay.drain();
  await platform.jobs.drain(ctx.modules.identity.context.passwordReset.requestJob);
  await platform.mail.drain();
}

const mailTo = async (email: string, subject: string) => {
  await deliver();
  return smtp.nextMessage((m) => m.to === email && m.subject.startsWith(subject));
};

/** The path and query of the first link in a mail, as a browser would open it. */
const linkPath = (text: string, path = '/') => {
  const url = new URL(new RegExp(`http://marquee\\.test${path}\\S*`).exec(text)![0]);
  return `${url.pathname}${url.search}`;
};

const open = (url: string) => app.inject({ method: 'GET', url });
const submit = (url: string, fields: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });

/** A page as served: HTML, never cached, with a policy that allows no script. */
function expectPage(
  res: { statusCode: number; headers: Record<string, unknown>; body: string },
  status: number,
) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.headers['cache-control']).toBe('no-store');
  const csp = String(res.headers['content-security-policy']);
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("form-action 'self'");
  expect(csp).not.toMatch(/script-src|unsafe-inline/);
  expect(res.body).not.toMatch(/<script/i);
}

/** The hidden fields and action of the page's form, as a browser would submit them. */
function formOf(body: string) {
  const action = /<form method="post" action="([^"]+)"/.exec(body)?.[1];
  const token = /<input type="hidden" name="token" value="([^"]*)"/.exec(body)?.[1];
  if (!action || token === undefined) throw new Error('no form on the page');
  return { action, token };
}

const { identity } = ctx.modules;
const emailVerifiedAt = async (id: string) => (await identity.api.getProfile(id)).emailVerifiedAt;
const emailOf = async (id: string) => (await identity.api.getProfile(id)).email;

describe('pages behind the links in our emails', () => {
  it('GET / is a page that links the docs and the API; /healthz is unchanged', async () => {
    const home = await open('/');
    expectPage(home, 200);
    expect(home.body).toContain('href="/docs"');
    expect(home.body).toContain('href="/openapi.json"');
    expect(home.body).toContain('/api');
    // The style sheet is allowed by its hash, and only it.
    const style = /<style>([^<]*)<\/style>/.exec(home.body)![1]!;
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(style).digest('base64');
    expect(String(home.headers['content-security-policy'])).toContain(`style-src 'sha256-${hash}'`);
    const health = await open('/healthz');
    expect(health.body).toBe('Hello Tickest');
  });

  it('the verification link shows a button, redeems nothing by itself, and the form verifies the address', async () => {
    const user = await registerUser(ctx, { email: 'vera@example.org', name: 'Vera' });
    const mail = await mailTo('vera@example.org', 'Confirm your email');
    const page = await open(linkPath(mail.text));
    expectPage(page, 200);
    expect(page.body).toContain('Confirm email address</button>');
    // Opening the link (as a mail scanner would) changed nothing.
    expect(await emailVerifiedAt(user.id)).toBeNull();

    const form = formOf(page.body);
    expect(form).toEqual({ action: '/verify-email', token: tokenFrom(mail) });
    const done = await submit(form.action, { token: form.token });
    expectPage(done, 200);
    expect(done.body).toContain('Email address confirmed');
    expect(await emailVerifiedAt(user.id)).toBeInstanceOf(Date);

    const again = await submit(form.action, { token: form.token });
    expectPage(again, 400);
    expect(again.body).toMatch(/class="error">[^<]*(invalid|expired|used)/i);
    expect(again.body).toContain('AUTH.LINK_INVALID');

    const noToken = await open('/verify-email');
    expectPage(noToken, 400);
    expect(noToken.body).toContain('This link is incomplete');
  });

  it('password reset: the forgot form mails a link whose page sets a new password', async () => {
    const user = await createUser(ctx, {
      email: 'pat@example.org',
      password: 'old password is long',
    });
    const forgot = await open('/forgot-password');
    expectPage(forgot, 200);
    const asked = await submit('/forgot-password', { email: 'pat@example.org' });
    expectPage(asked, 202);
    expect(asked.body).toContain('If an account exists for this address');
    expectPage(await submit('/forgot-password', { email: 'not an address' }), 400);

    const mail = await mailTo('pat@example.org', 'Reset your');
    const page = await open(linkPath(mail.text));
    expectPage(page, 200);
    expect(page.body).toMatch(/<input[^>]+name="password"[^>]+type="password"/);
    expect(page.body).toMatch(/<input[^>]+name="confirm"[^>]+type="password"/);
    const { action, token } = formOf(page.body);
    expect(action).toBe('/reset-password');

    const mismatch = await submit(action, {
      token,
      password: 'a new long password',
      confirm: 'other',
    });
    expectPage(mismatch, 400);
    expect(mismatch.body).toContain('The two passwords differ');
    expect(formOf(mismatch.body).token).toBe(token); // the form is shown again to retry

    const weak = await submit(action, { token, password: 'short', confirm: 'short' });
    expectPage(weak, 400);
    expect(weak.body).toContain('role="alert">Password must be at least 10 characters long.');
    const common = await submit(action, {
      token,
      password: 'password1234',
      confirm: 'password1234',
    });
    expectPage(common, 400);
    // A person reads words, not the API's field paths.
    expect(common.body).toContain(
      'role="alert">Password is too common; choose a less guessable one.',
    );
    for (const page of [weak, common]) expect(page.body).not.toMatch(/body\./);

    const done = await submit(action, {
      token,
      password: 'a brand new passphrase',
      confirm: 'a brand new passphrase',
    });
    expectPage(done, 200);
    expect(done.body).toContain('Password changed');
    expect((await login(ctx, user.email, 'a brand new passphrase')).statusCode).toBe(200);
    expect((await login(ctx, user.email, 'old password is long')).statusCode).toBe(401);

    const reused = await submit(action, {
      token,
      password: 'yet another passphrase',
      confirm: 'yet another passphrase',
    });
    expectPage(reused, 400);
    expect(reused.body).toMatch(/role="alert">[^<]*(invalid|expired|used)/i);
  });

  it('email change: the approval, confirmation and cancel links complete their actions by form', async () => {
    const user = await registerUser(ctx, { email: 'jo@example.org', verified: true });
    await ctx.modules.identity.api.requestEmailChange({
      userId: user.id,
      newEmail: 'jo.new@example.org',
      proof: { kind: 'legacy-app' },
      meta: {},
    });
    const approval = await mailTo('jo@example.org', 'Approve the change');
    const approvePage = await open(linkPath(approval.text));
    expectPage(approvePage, 200);
    const approveForm = formOf(approvePage.body);
    expect(approveForm.action).toBe('/approve-email-change');
    const approved = await submit(approveForm.action, { token: approveForm.token });
    expectPage(approved, 200);
    expect(approved.body).toContain('jo.new@example.org');

    const confirmation = await mailTo('jo.new@example.org', 'Confirm your new email');
    const confirmPage = await open(linkPath(confirmation.text));
    const confirmForm = formOf(confirmPage.body);
    expect(confirmForm.action).toBe('/confirm-email-change');
    // Opening the page changed nothing yet.
    expect(await emailOf(user.id)).toBe('jo@example.org');
    const confirmed = await submit(confirmForm.action, { token: confirmForm.token });
    expectPage(confirmed, 200);
    expect(confirmed.body).toContain('Your account now uses <strong>jo.new@example.org</strong>');
    expect(await emailOf(user.id)).toBe('jo.new@example.org');

    // A second change, asked for with the password, cancelled from the notice to the current address.
    const kim = await createUser(ctx, { email: 'kim@example.org' });
    const asked = await app.inject({
      method: 'POST',
      url: '/v1/me/email',
      headers: kim.headers,
      payload: { newEmail: 'kim.new@example.org', password: kim.password },
    });
    expect(asked.statusCode).toBe(202);
    const notice = await mailTo('kim@example.org', 'A change of your');
    const cancelPage = await open(linkPath(notice.text, '/cancel-email-change'));
    const cancelForm = formOf(cancelPage.body);
    expect(cancelForm.action).toBe('/cancel-email-change');
    const cancelled = await submit(cancelForm.action, { token: cancelForm.token });
    expectPage(cancelled, 200);
    expect(cancelled.body).toContain('The email change was cancelled');
    const kimConfirm = await mailTo('kim.new@example.org', 'Confirm your new email');
    const tooLate = await submit('/confirm-email-change', { token: tokenFrom(kimConfirm) });
    expectPage(tooLate, 400);
    expect(await emailOf(kim.id)).toBe('kim@example.org');
  });

  it('the invitation link signs the invited user in and accepts; a wrong account or token gets a clear 4xx page', async () => {
    const owner = await createUser(ctx, { roles: ['organizer'] });
    const invitee = await createUser(ctx, { email: 'ivy@example.org' });
    const stranger = await createUser(ctx);
    const org = await createOrganizer(ctx, owner, { name: 'Jazz <Nights>' });
    const invited = await app.inject({
      method: 'POST',
      url: `/v1/organizers/${org.id}/invitations`,
      headers: owner.headers,
      payload: { email: invitee.email, role: 'staff' },
    });
    expect(invited.statusCode).toBe(201);
    const mail = await mailTo('ivy@example.org', 'You are invited');
    const page = await open(linkPath(mail.text));
    expectPage(page, 200);
    const { action, token } = formOf(page.body);
    expect(action).toBe('/organizer-invitations/accept');
    expectPage(await open(`/invitations/accept?token=${token}`), 200);

    const wrong = await submit(action, {
      token,
      email: stranger.email,
      password: stranger.password,
    });
    expectPage(wrong, 403);
    expect(wrong.body).toContain('This invitation was sent to another email address');
    const badPassword = await submit(action, { token, email: invitee.email, password: 'nope' });
    expectPage(badPassword, 401);

    const done = await submit(action, { token, email: invitee.email, password: invitee.password });
    expectPage(done, 200);
    expect(done.body).toContain('You joined the organizer team as staff');
    expect(await ctx.modules.identity.api.isOrganizerMember(db, invitee.id, org.id, 'staff')).toBe(
      true,
    );
    // The page's sign-in left no session behind: only the test's own login is live.
    const live = await db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM identity_sessions
           WHERE user_id = ${invitee.id} AND revoked_at IS NULL`,
    );
    expect(live.rows[0]!.n).toBe(1);

    const again = await submit(action, { token, email: invitee.email, password: invitee.password });
    expectPage(again, 404);
    expect(again.body).toContain('The invitation is unknown, expired or already used');
  });

  it('escapes what it renders and refuses unreadable forms with a page', async () => {
    const hostile = `"><script>alert(1)</script>`;
    const page = await open(`/verify-email?token=${encodeURIComponent(hostile)}`);
    expectPage(page, 200);
    expect(page.body).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    const bad = await submit('/verify-email', { token: hostile });
    expectPage(bad, 400);
    const huge = await submit('/verify-email', { token: 'x'.repeat(20_000) });
    expectPage(huge, 413);
  });
});

describe('pageMessage', () => {
  it('drops field paths and names the field where the message does not', () => {
    expect(pageMessage(invalidField('body.password', 'Password is too common.'))).toBe(
      'Password is too common.',
    );
    expect(pageMessage(invalidField('body.newEmail', 'must be an email address'))).toBe(
      'New email must be an email address',
    );
    expect(
      pageMessage(badRequest('body.items.0.quantity: must be positive; query.limit: is too big')),
    ).toBe('Quantity must be positive; Limit is too big');
    expect(pageMessage(badRequest('The two passwords differ.'))).toBe('The two passwords differ.');
  });
});
