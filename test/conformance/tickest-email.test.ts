import { afterAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../app.js';
import { createUser } from '../fixtures/identity.js';
import { startSmtpServer, tokenFrom } from '../fixtures/smtp.js';

/**
 * PUT /api/users/:id with a different email, with the user's token but no
 * password: unless the token comes from a fresh sign-in of that user, the
 * current address must approve, then the new one confirm; knowing a user's id
 * (and owning the new inbox) is not enough to move it.
 */
const smtp = await startSmtpServer();
afterAll(() => smtp.close());
const ctx = await useTestApp({ SMTP_URL: smtp.url });
const { app, platform } = ctx;
await platform.jobs.startWorkers();
const { pool } = platform.database;

const password = 'a long enough passphrase';
/** A Tickest registration, with `token`: a sign-in of that user from an hour ago. */
const register = async (name: string, email: string) => {
  const res = await app.inject({
    method: 'POST',
    url: '/api/users',
    payload: { name, email, password },
  });
  expect(res.statusCode).toBe(201);
  const token = (await tickestLogin(email)).json().accessToken as string;
  await pool.query(
    `UPDATE identity_sessions SET created_at = now() - interval '1 hour' WHERE user_id = $1`,
    [res.json()._id],
  );
  return { ...(res.json() as { _id: string; email: string }), token };
};
const put = (id: string, payload: Record<string, unknown>, token?: string) =>
  app.inject({
    method: 'PUT',
    url: `/api/users/${id}`,
    payload,
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });
const admin = await createUser(ctx, { roles: ['admin'] });
/** The user as an admin sees them (with the email). */
const get = async (id: string) =>
  (await app.inject({ method: 'GET', url: `/api/users/${id}`, headers: admin.headers })).json();
const tickestLogin = (name: string) =>
  app.inject({ method: 'POST', url: '/api/users/login', payload: { name, password } });
const emailChange = (step: 'approve' | 'confirm' | 'cancel', token: string) =>
  app.inject({ method: 'POST', url: `/v1/auth/email-change/${step}`, payload: { token } });

const approvalTo = (email: string) =>
  smtp.nextMessage((m) => m.to === email && m.subject.startsWith('Approve the change'));
const changeMailTo = (email: string) =>
  smtp.nextMessage((m) => m.to === email && m.subject.startsWith('Confirm your new email'));
const noticeTo = (email: string) =>
  smtp.nextMessage((m) => m.to === email && m.subject.includes('change of your'));
/** Every mail ever queued to `email`, sent or not (a pending one would not be in the inbox yet). */
const mailsQueuedTo = async (email: string) => {
  const { rows } = await pool.query(
    `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'mail.send' AND data->>'to' = $1`,
    [email],
  );
  return rows[0].n as number;
};
const pendingTokens = async (userId: string) => {
  const { rows } = await pool.query(
    `SELECT purpose, email, new_email AS "newEmail" FROM identity_one_time_tokens
      WHERE user_id = $1 AND used_at IS NULL AND purpose <> 'verify_email' ORDER BY purpose`,
    [userId],
  );
  return rows;
};
const expectUnusable = (res: { statusCode: number; json(): { code: string } }) => {
  expect(res.statusCode).toBe(400);
  expect(res.json().code).toBe('AUTH.LINK_INVALID');
};

describe("PUT /api/users/:id with a new email, with the user's older sign-in", () => {
  it('asks the current address first, then the new one, and switches only after both', async () => {
    const user = await register('Nikos', 'nikos@tickest.test');
    const res = await put(
      user._id,
      { name: 'Nikos P.', email: 'Nikos.New@tickest.test' },
      user.token,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      _id: user._id,
      name: 'Nikos P.',
      email: 'nikos@tickest.test',
    });

    // Only the current address hears of it, with the full new address to approve.
    const approval = await approvalTo('nikos@tickest.test');
    expect(approval.text).toContain('nikos.new@tickest.test');
    expect(approval.text).toMatch(/\/approve-email-change\?token=[\w-]{43}/);
    const approvalToken = tokenFrom(approval);
    expect(res.body).not.toContain(approvalToken);
    expect(await mailsQueuedTo('nikos.new@tickest.test')).toBe(0);
    expect(smtp.messages.filter((m) => m.to === 'nikos.new@tickest.test')).toEqual([]);
    expect(await pendingTokens(user._id)).toEqual([
      {
        purpose: 'approve_email_change',
        email: 'nikos@tickest.test',
        newEmail: 'nikos.new@tickest.test',
      },
    ]);
    expect((await get(user._id)).email).toBe('nikos@tickest.test');
    // An approval is not a confirmation.
    expectUnusable(await emailChange('confirm', approvalToken));

    const approved = await emailChange('approve', approvalToken);
    expect(approved.statusCode).toBe(202);
    expect(approved.json().data).toMatchObject({ pendingEmail: 'nikos.new@tickest.test' });
    expectUnusable(await emailChange('approve', approvalToken));
    const mail = await changeMailTo('nikos.new@tickest.test');
    expect((await get(user._id)).email).toBe('nikos@tickest.test');
    expect((await tickestLogin('nikos.new@tickest.test')).statusCode).toBe(401);

    const confirmToken = tokenFrom(mail);
    expect((await emailChange('confirm', confirmToken)).statusCode).toBe(200);
    expectUnusable(await emailChange('confirm', confirmToken));
    expect((await get(user._id)).email).toBe('nikos.new@tickest.test');
    const login = await tickestLogin('nikos.new@tickest.test');
    expect(login.statusCode).toBe(200);
    expect(login.json()._id).toBe(user._id);
    expect((await tickestLogin('nikos@tickest.test')).statusCode).toBe(401);
    // The approver needed no notice of their own decision: one mail each way.
    expect(await mailsQueuedTo('nikos.new@tickest.test')).toBe(1);
  });

  it('gives someone who knows only the id and owns the new inbox no way to move the account', async () => {
    const victim = await register('Victim', 'victim@tickest.test');
    // The attacker learns the id (GET /api/users/:id shows no secret) and asks,
    // without a token and with one of their own.
    expect(JSON.stringify(await get(victim._id))).not.toMatch(/token|password|hash/i);
    const mallory = await register('Mallory', 'mallory@tickest.test');
    expect((await put(victim._id, { email: 'mallory@evil.test' })).statusCode).toBe(401);
    const withOwn = await put(victim._id, { email: 'mallory@evil.test' }, mallory.token);
    expect(withOwn.statusCode).toBe(403);
    // Nothing reached or awaits the attacker's inbox, and no confirmation token exists.
    expect(await mailsQueuedTo('mallory@evil.test')).toBe(0);
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM identity_one_time_tokens WHERE user_id = $1 AND purpose = 'change_email'`,
      [victim._id],
    );
    expect(rows[0].n).toBe(0);
    expectUnusable(await emailChange('approve', 'a'.repeat(43)));
    expectUnusable(await emailChange('confirm', 'a'.repeat(43)));
    expect((await get(victim._id)).email).toBe('victim@tickest.test');
  });

  it('lets a newer request replace an older approval, and limits requests to 5 an hour', async () => {
    const user = await register('Chloe', 'chloe@tickest.test');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await put(user._id, { email: `chloe${i}@tickest.test` }, user.token)).statusCode,
      );
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const tokens = [];
    for (let i = 0; i < 5; i++) tokens.push(tokenFrom(await approvalTo('chloe@tickest.test')));
    // Mails may arrive in any order: exactly the newest request's approval still works.
    const results = [];
    for (const token of tokens) results.push((await emailChange('approve', token)).statusCode);
    expect(results.filter((status) => status === 202)).toHaveLength(1);
    expect(results.filter((status) => status === 400)).toHaveLength(4);
    await changeMailTo('chloe4@tickest.test');
  });
});

describe('PUT /api/users/:id with a new email and a bearer token', () => {
  it("skips the approval for the user's own fresh session; the notice can cancel the change", async () => {
    const user = await register('Dora', 'dora@tickest.test');
    const { accessToken } = (await tickestLogin('dora@tickest.test')).json();
    const res = await put(user._id, { email: 'dora.new@tickest.test' }, accessToken);
    expect(res.statusCode).toBe(200);
    expect(res.json().email).toBe('dora@tickest.test');
    const confirmToken = tokenFrom(await changeMailTo('dora.new@tickest.test'));
    const notice = await noticeTo('dora@tickest.test');
    expect(notice.text).toMatch(/\/cancel-email-change\?token=[\w-]{43}/);
    const cancelToken = tokenFrom(notice);
    // No approval was asked for: a cancel link for the current address, a confirmation for the new.
    expect(await pendingTokens(user._id)).toEqual([
      { purpose: 'cancel_email_change', email: 'dora@tickest.test', newEmail: null },
      { purpose: 'change_email', email: 'dora.new@tickest.test', newEmail: null },
    ]);

    // Tokens are tied to their step.
    expectUnusable(await emailChange('cancel', confirmToken));
    expectUnusable(await emailChange('confirm', cancelToken));

    const cancelled = await emailChange('cancel', cancelToken);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().data.cancelled).toBe(true);
    expectUnusable(await emailChange('cancel', cancelToken));
    expectUnusable(await emailChange('confirm', confirmToken));
    expect((await get(user._id)).email).toBe('dora@tickest.test');
    expect((await tickestLogin('dora@tickest.test')).statusCode).toBe(200);
  });

  it("lets no one who knows only the id void the owner's change or use up its allowance", async () => {
    const user = await register('Edna', 'edna@tickest.test');
    const { accessToken } = (await tickestLogin('edna@tickest.test')).json();
    expect((await put(user._id, { email: 'edna.new@tickest.test' }, accessToken)).statusCode).toBe(
      200,
    );
    const confirmToken = tokenFrom(await changeMailTo('edna.new@tickest.test'));
    // Anonymous requests are refused before they touch the change or its allowance.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await put(user._id, { email: `edna.evil${i}@tickest.test` })).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    // The owner's pending change still confirms, and the owner may still ask for another.
    expect((await emailChange('confirm', confirmToken)).statusCode).toBe(200);
    expect((await get(user._id)).email).toBe('edna.new@tickest.test');
    const again = await put(user._id, { email: 'edna.third@tickest.test' }, accessToken);
    expect(again.statusCode).toBe(200);
    await changeMailTo('edna.third@tickest.test');
  });

  it('still asks the current address for a stale session, an API token or an admin', async () => {
    const user = await register('Eva', 'eva@tickest.test');
    const { accessToken } = (await tickestLogin('eva@tickest.test')).json();
    await pool.query(
      `UPDATE identity_sessions SET created_at = now() - interval '1 hour' WHERE user_id = $1`,
      [user._id],
    );
    expect((await put(user._id, { email: 'eva.stale@tickest.test' }, accessToken)).statusCode).toBe(
      200,
    );
    expect(tokenFrom(await approvalTo('eva@tickest.test'))).toBeTruthy();

    // API tokens need a verified address.
    await pool.query(`UPDATE identity_users SET email_verified_at = now() WHERE id = $1`, [
      user._id,
    ]);
    const fresh = (await tickestLogin('eva@tickest.test')).json().accessToken as string;
    const created = await app.inject({
      method: 'POST',
      url: '/v1/me/api-tokens',
      headers: { authorization: `Bearer ${fresh}` },
      payload: { name: 'script', scopes: ['read', 'write'] },
    });
    expect(created.statusCode).toBe(201);
    const apiToken = created.json().data.token as string;
    expect((await put(user._id, { email: 'eva.api@tickest.test' }, apiToken)).statusCode).toBe(200);
    await approvalTo('eva@tickest.test');

    // An admin may edit the user, but their session says nothing about who owns the address.
    const byAdmin = await put(user._id, { email: 'eva.admin@tickest.test' }, admin.accessToken);
    expect(byAdmin.statusCode).toBe(200);
    await approvalTo('eva@tickest.test');

    for (const email of ['eva.stale', 'eva.api', 'eva.admin'])
      expect(await mailsQueuedTo(`${email}@tickest.test`)).toBe(0);
    expect(await pendingTokens(user._id)).toEqual([
      {
        purpose: 'approve_email_change',
        email: 'eva@tickest.test',
        newEmail: 'eva.admin@tickest.test',
      },
    ]);
  });
});

describe('PUT /api/users/:id, other cases', () => {
  it('answers 409 for a taken address and 400 for a malformed one, changing nothing', async () => {
    await register('Eleni', 'eleni@tickest.test');
    const user = await register('Petros', 'petros@tickest.test');
    const taken = await put(user._id, { name: 'Renamed', email: 'ELENI@tickest.test' }, user.token);
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toEqual({ message: expect.any(String) });
    const bad = await put(user._id, { name: 'Renamed', email: 'no at sign' }, user.token);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ message: 'Invalid email address' });
    expect(await get(user._id)).toMatchObject({ name: 'Petros', email: 'petros@tickest.test' });
  });

  it('treats the same address in other case as no change and mails nothing', async () => {
    const user = await register('Sofia', 'sofia@tickest.test');
    const res = await put(user._id, { email: 'SOFIA@tickest.test', about: 'Hi' }, user.token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ email: 'sofia@tickest.test', about: 'Hi' });
    expect(await pendingTokens(user._id)).toEqual([]);
  });
});
