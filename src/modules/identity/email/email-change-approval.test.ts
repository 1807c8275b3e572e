import { describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { tokenFrom } from '../../../../test/fixtures/smtp.js';
import { login, registerUser } from '../../../../test/fixtures/identity-mail.js';
import { oneTimeTokens } from '../identity.tables.js';
import { hashToken } from '../sessions/tokens.js';
import { useEmailChangeApp } from './email-change.fixture.js';

const {
  ctx,
  db,
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
} = await useEmailChangeApp();

describe('approving and cancelling an email change', () => {
  it('lets the current address cancel a pending change with the link in its notice', async () => {
    const user = await requestFor('hal@example.org', 'hal.new@example.org');
    const token = tokenFrom(await changeMailTo('hal.new@example.org'));
    const notice = await noticeTo('hal@example.org');
    expect(notice.text).toMatch(/http:\/\/marquee\.test\/cancel-email-change\?token=[\w-]{43}/);
    const cancelToken = tokenFrom(notice);
    expect(cancelToken).not.toBe(token);
    const stored = await db
      .select({ purpose: oneTimeTokens.purpose, email: oneTimeTokens.email })
      .from(oneTimeTokens)
      .where(eq(oneTimeTokens.tokenHash, hashToken(cancelToken)));
    expect(stored).toEqual([{ purpose: 'cancel_email_change', email: 'hal@example.org' }]);

    const done = await cancel(cancelToken);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ success: true, data: { cancelled: true } });
    expectUnusable(await cancel(cancelToken));
    expectUnusable(await confirm(token));
    expect(await emailOf(user.id)).toBe('hal@example.org');
    // The password and the sessions stay.
    expect((await me(user.headers)).statusCode).toBe(200);
    expect((await login(ctx, 'hal@example.org', user.password)).statusCode).toBe(200);
    expect(await actionsOf(user.id)).toContain('email.change_cancelled');
  });

  it('no longer accepts the cancel link once the change was confirmed', async () => {
    const { user, token } = await pendingChange('ida@example.org', 'ida.new@example.org');
    const cancelToken = tokenFrom(await noticeTo('ida@example.org'));
    expect((await confirm(token)).statusCode).toBe(200);
    expectUnusable(await cancel(cancelToken));
    expect(await emailOf(user.id)).toBe('ida.new@example.org');
  });

  it('asks the current address to approve an unproven change before mailing the new one', async () => {
    const user = await registerUser(ctx, { email: 'jo@example.org', verified: true });
    const pending = await requestUnproven(user.id, 'Jo.New@example.org');
    expect(pending).toMatchObject({ pendingEmail: 'jo.new@example.org', awaiting: 'approval' });
    const approval = await approvalTo('jo@example.org');
    expect(approval.text).toContain('jo.new@example.org');
    const approvalToken = tokenFrom(approval);
    // Each token answers only its own step.
    expectUnusable(await confirm(approvalToken));
    expectUnusable(await cancel(approvalToken));

    const approved = await approve(approvalToken);
    expect(approved.statusCode).toBe(202);
    expect(approved.json().data.pendingEmail).toBe('jo.new@example.org');
    expectUnusable(await approve(approvalToken));
    const token = tokenFrom(await changeMailTo('jo.new@example.org'));
    expect(await emailOf(user.id)).toBe('jo@example.org');
    expect((await confirm(token)).statusCode).toBe(200);
    expect(await emailOf(user.id)).toBe('jo.new@example.org');
    expect(await actionsOf(user.id)).toEqual(
      expect.arrayContaining(['email.change_requested', 'email.change_approved', 'email.changed']),
    );
  });

  it('keeps an approval usable when the address was taken meanwhile (409), and a new password voids it', async () => {
    const kim = await registerUser(ctx, { email: 'kim@example.org', verified: true });
    await requestUnproven(kim.id, 'kim.new@example.org');
    const first = tokenFrom(await approvalTo('kim@example.org'));
    await registerUser(ctx, { email: 'kim.new@example.org', verified: true });
    const taken = await approve(first);
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('IDENTITY.EMAIL_TAKEN');
    // Not consumed: a used token would answer 400.
    expect((await approve(first)).statusCode).toBe(409);
    expect(await emailOf(kim.id)).toBe('kim@example.org');

    await requestUnproven(kim.id, 'kim.other@example.org');
    const second = tokenFrom(await approvalTo('kim@example.org'));
    expectUnusable(await approve(first));
    await changePassword(kim);
    expectUnusable(await approve(second));
    expect(await emailOf(kim.id)).toBe('kim@example.org');
  });

  it('serialises approvals with concurrent requests of the same account (no deadlock, newest wins)', async () => {
    const user = await registerUser(ctx, { email: 'lou@example.org', verified: true });
    for (let round = 0; round < 4; round++) {
      await requestUnproven(user.id, `lou${round}a@example.org`);
      const token = tokenFrom(await approvalTo('lou@example.org'));
      const [approved, requested] = await Promise.allSettled([
        approve(token),
        requestUnproven(user.id, `lou${round}b@example.org`),
      ]);
      expect(approved.status === 'fulfilled' && approved.value.statusCode).toBeOneOf([202, 400]);
      expect(requested.status, String((requested as PromiseRejectedResult).reason)).toBe(
        'fulfilled',
      );
      await approvalTo('lou@example.org');
      // Whatever the order, the newest request's approval is pending. An unproven
      // request replaces only approvals: a change the current address already
      // approved (approve won the race, 202) stays pending beside it.
      const open = await db
        .select({ purpose: oneTimeTokens.purpose })
        .from(oneTimeTokens)
        .where(
          and(
            eq(oneTimeTokens.userId, user.id),
            sql`${oneTimeTokens.usedAt} IS NULL`,
            sql`${oneTimeTokens.purpose} IN ('change_email', 'approve_email_change')`,
          ),
        );
      const approvedFirst = approved.status === 'fulfilled' && approved.value.statusCode === 202;
      expect(open.map((t) => t.purpose).sort()).toEqual(
        approvedFirst ? ['approve_email_change', 'change_email'] : ['approve_email_change'],
      );
      await db.delete(oneTimeTokens).where(eq(oneTimeTokens.userId, user.id));
    }
  });
});
