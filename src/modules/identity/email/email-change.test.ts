import { describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { tokenFrom } from '../../../../test/fixtures/smtp.js';
import { login, registerUser } from '../../../../test/fixtures/identity-mail.js';
import { outboxEvents } from '../../../platform/events/outbox.tables.js';
import { insertAccount, openSession } from '../accounts/accounts.service.js';
import { oneTimeTokens, sessions, users } from '../identity.tables.js';
import { hashToken } from '../sessions/tokens.js';
import { useEmailChangeApp } from './email-change.fixture.js';

const {
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
  emailOf,
  actionsOf,
  changePassword,
  requestFor,
  pendingChange,
} = await useEmailChangeApp();

describe('changing the email address', () => {
  it('mails the new address a one-time link and the old one a notice; the link moves the account', async () => {
    const ann = await registerUser(ctx, { email: 'ann@example.org', name: 'Ann <b>' });
    const verifyOld = tokenFrom(
      await smtp.nextMessage((m) => m.to === 'ann@example.org' && m.subject.startsWith('Confirm')),
    );

    const res = await requestChange(ann.headers, {
      newEmail: 'Ann.New@Example.org',
      password: ann.password,
    });
    expect(res.statusCode).toBe(202);
    const data = res.json().data;
    expect(data.pendingEmail).toBe('ann.new@example.org');
    const hours = (Date.parse(data.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);

    const mail = await changeMailTo('ann.new@example.org');
    expect(mail.text).toMatch(/http:\/\/marquee\.test\/confirm-email-change\?token=[\w-]{43}/);
    expect(mail.html).toContain('Ann &lt;b&gt;');
    const token = tokenFrom(mail);
    const notice = await noticeTo('ann@example.org');
    expect(notice.text).toContain('a***@example.org');
    expect(notice.text).not.toContain('ann.new@example.org');
    expect(notice.text).not.toContain(token);

    // Only the hash is stored, and nothing changed yet.
    const stored = await db
      .select()
      .from(oneTimeTokens)
      .where(and(eq(oneTimeTokens.userId, ann.id), eq(oneTimeTokens.purpose, 'change_email')));
    expect(stored.map((row) => row.tokenHash)).toEqual([hashToken(token)]);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect((await me(ann.headers)).json().data.email).toBe('ann@example.org');
    expect((await login(ctx, 'ann.new@example.org', ann.password)).statusCode).toBe(401);

    const done = await confirm(token);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({
      success: true,
      data: { email: 'ann.new@example.org', emailVerified: true },
    });
    expect((await login(ctx, 'ann.new@example.org', ann.password)).statusCode).toBe(200);
    expect((await login(ctx, 'ann@example.org', ann.password)).statusCode).toBe(401);
    // Sessions stay signed in and see the new, verified address.
    const profile = (await me(ann.headers)).json().data;
    expect(profile).toMatchObject({ email: 'ann.new@example.org', emailVerified: true });

    // The token works once; the old address's verification link no longer proves anything.
    const again = await confirm(token);
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('AUTH.LINK_INVALID');
    const stale = await app.inject({
      method: 'POST',
      url: '/v1/auth/verify-email',
      payload: { token: verifyOld },
    });
    expect(stale.json().code).toBe('AUTH.LINK_INVALID');

    expect(await actionsOf(ann.id)).toEqual(
      expect.arrayContaining(['email.change_requested', 'email.changed']),
    );
    const events = await db
      .select()
      .from(outboxEvents)
      .where(eq(outboxEvents.name, 'identity.email.changed'));
    expect(events.map((e) => e.payload)).toEqual([{ userId: ann.id }]);
  });

  it('replaces a pending change with a newer request: the older link stops working', async () => {
    const { user, token: first } = await pendingChange('ben@example.org', 'ben.one@example.org');
    const second = await requestChange(user.headers, {
      newEmail: 'ben.two@example.org',
      password: user.password,
    });
    expect(second.statusCode).toBe(202);
    const token = tokenFrom(await changeMailTo('ben.two@example.org'));
    expect((await confirm(first)).json().code).toBe('AUTH.LINK_INVALID');
    expect(await emailOf(user.id)).toBe('ben@example.org');
    expect((await confirm(token)).statusCode).toBe(200);
    expect(await emailOf(user.id)).toBe('ben.two@example.org');
  });

  it('refuses an expired link and keeps the address', async () => {
    const { user, token } = await pendingChange('cid@example.org', 'cid.new@example.org');
    await db
      .update(oneTimeTokens)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(oneTimeTokens.tokenHash, hashToken(token)));
    const res = await confirm(token);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('AUTH.LINK_INVALID');
    expect(await emailOf(user.id)).toBe('cid@example.org');
  });

  it('answers 409 for an address another account has, and mails nothing', async () => {
    await registerUser(ctx, { email: 'taken@example.org', verified: true });
    const dan = await registerUser(ctx, { email: 'dan@example.org', verified: true });
    const res = await requestChange(dan.headers, {
      newEmail: 'TAKEN@example.org',
      password: dan.password,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('IDENTITY.EMAIL_TAKEN');
    const same = await requestChange(dan.headers, {
      newEmail: 'Dan@example.org',
      password: dan.password,
    });
    expect(same.statusCode).toBe(400);
    const bad = await requestChange(dan.headers, { newEmail: 'not-an-email', password: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.newEmail');
    const sent = await db
      .select()
      .from(oneTimeTokens)
      .where(and(eq(oneTimeTokens.userId, dan.id), eq(oneTimeTokens.purpose, 'change_email')));
    expect(sent).toEqual([]);
  });

  it('needs the current password (403 when wrong) and a signed-in session', async () => {
    const eve = await registerUser(ctx, { email: 'eve@example.org', verified: true });
    const wrong = await requestChange(eve.headers, {
      newEmail: 'eve.new@example.org',
      password: 'not the password at all',
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe('IDENTITY.WRONG_PASSWORD');
    const missing = await requestChange(eve.headers, { newEmail: 'eve.new@example.org' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([
      { field: 'body.password', message: expect.any(String) },
    ]);
    const anonymous = await app.inject({
      method: 'POST',
      url: '/v1/me/email',
      payload: { newEmail: 'eve.new@example.org', password: eve.password },
    });
    expect(anonymous.statusCode).toBe(401);

    const created = await app.inject({
      method: 'POST',
      url: '/v1/me/api-tokens',
      headers: eve.headers,
      payload: { name: 'script', scopes: ['read', 'write'] },
    });
    const apiToken = created.json().data.token as string;
    const viaToken = await requestChange(
      { authorization: `Bearer ${apiToken}` },
      { newEmail: 'eve.new@example.org', password: eve.password },
    );
    expect(viaToken.statusCode).toBe(403);
    expect(viaToken.json().code).toBe('AUTH.SESSION_REQUIRED');
    expect(await emailOf(eve.id)).toBe('eve@example.org');
    // Mail goes out later through a job: no token issued is what proves none will.
    const issued = await db
      .select()
      .from(oneTimeTokens)
      .where(and(eq(oneTimeTokens.userId, eve.id), eq(oneTimeTokens.purpose, 'change_email')));
    expect(issued).toEqual([]);
  });

  it('lets an account without a password change its address only soon after signing in', async () => {
    const identity = ctx.modules.identity.context;
    const { user, tokens } = await db.transaction(async (tx) => {
      const row = await insertAccount(tx, {
        name: 'Oidc Only',
        email: 'oidc-only@example.org',
        passwordHash: null,
        emailVerified: true,
      });
      return { user: row, tokens: await openSession(identity, tx, row, {}) };
    });
    const headers = { authorization: `Bearer ${tokens.accessToken}` };

    await db
      .update(sessions)
      .set({ createdAt: sql`now() - interval '1 hour'` })
      .where(eq(sessions.id, tokens.sessionId));
    const stale = await requestChange(headers, { newEmail: 'oidc-new@example.org' });
    expect(stale.statusCode).toBe(403);
    expect(stale.json().code).toBe('AUTH.RECENT_SIGN_IN_REQUIRED');

    await db
      .update(sessions)
      .set({ createdAt: sql`now()` })
      .where(eq(sessions.id, tokens.sessionId));
    const fresh = await requestChange(headers, { newEmail: 'oidc-new@example.org' });
    expect(fresh.statusCode).toBe(202);
    expect((await confirm(tokenFrom(await changeMailTo('oidc-new@example.org')))).statusCode).toBe(
      200,
    );
    expect(await emailOf(user.id)).toBe('oidc-new@example.org');
  });

  it('cancels a pending change when the password changes (as the notice promises)', async () => {
    const { user, token } = await pendingChange('fay@example.org', 'fay.new@example.org');
    await changePassword(user);
    expect((await confirm(token)).json().code).toBe('AUTH.LINK_INVALID');
    expect(await emailOf(user.id)).toBe('fay@example.org');
  });

  it('limits requests to five an hour per account (429 with Retry-After)', async () => {
    const gus = await registerUser(ctx, { email: 'gus@example.org', verified: true });
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 6; i++) {
      last = await requestChange(gus.headers, {
        newEmail: `gus${i}@example.org`,
        password: gus.password,
      });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    expect(last!.json().code).toBe('IDENTITY.EMAIL_CHANGE_TOO_OFTEN');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(3500);
  });

  it('lets exactly one of two accounts confirming the same address concurrently win; the other gets 409', async () => {
    const rounds = [0, 1, 2];
    // Both requests of a round pass the "taken" check: nobody has the address yet.
    const requesters = await Promise.all(
      rounds.flatMap((round) => [
        requestFor(`a${round}@example.org`, `wanted${round}@example.org`),
        requestFor(`b${round}@example.org`, `wanted${round}@example.org`),
      ]),
    );
    await platform.mail.drain();
    await Promise.all(
      rounds.map(async (round) => {
        const target = `wanted${round}@example.org`;
        const mails = await Promise.all([changeMailTo(target), changeMailTo(target)]);
        const results = await Promise.all(mails.map((mail) => confirm(tokenFrom(mail))));
        const statuses = results.map((r) => r.statusCode).sort();
        expect(statuses, results.map((r) => r.body).join('\n')).toEqual([200, 409]);
        expect(results.find((r) => r.statusCode === 409)!.json().code).toBe('IDENTITY.EMAIL_TAKEN');
        const owners = await db.select({ id: users.id }).from(users).where(eq(users.email, target));
        expect(owners).toHaveLength(1);
        // The loser keeps its own address.
        const pair = requesters.slice(round * 2, round * 2 + 2);
        const loser = pair.find((user) => user.id !== owners[0]!.id)!;
        expect(await emailOf(loser.id)).toBe(loser.email);
      }),
    );
  });
});
