import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { createUser, type TestUser } from '../../../../test/fixtures/identity.js';
import { auditEvents } from '../identity.tables.js';

const ctx = await useTestApp({ LOGIN_MAX_FAILURES: '5', LOGIN_LOCK_SECONDS: '600' });
const { app, platform } = ctx;
const { db } = platform.database;

const NEW_PASSWORD = 'a brand new secret 42';
const change = (user: TestUser, currentPassword: string) =>
  app.inject({
    method: 'POST',
    url: '/v1/me/password',
    headers: user.headers,
    payload: { currentPassword, newPassword: NEW_PASSWORD },
  });
const failuresOf = (user: TestUser) =>
  db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.userId, user.id), eq(auditEvents.action, 'password.change_failed')));

describe('guessing the current password on POST /v1/me/password', () => {
  it('is throttled like a sign-in, and every failure is audited', async () => {
    const user = await createUser(ctx);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await change(user, `guess number ${i}`)).statusCode);
    expect(statuses).toEqual([403, 403, 403, 429]);
    const refused = await change(user, user.password);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('AUTH.TOO_MANY_ATTEMPTS');
    expect(refused.json().detail).toContain('Too many failed password attempts');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await failuresOf(user)).toHaveLength(3);
    const activity = await app.inject({
      method: 'GET',
      url: '/v1/me/activity',
      headers: user.headers,
    });
    expect(
      activity.json().data.filter((a: { action: string }) => a.action === 'password.change_failed'),
    ).toHaveLength(3);
  });

  it('checks parallel guesses in turn', async () => {
    const user = await createUser(ctx);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => change(user, `parallel guess ${i}`)),
    );
    const wrong = answers.filter((res) => res.statusCode === 403).length;
    expect(wrong).toBeLessThanOrEqual(3);
    expect(answers.filter((res) => res.statusCode === 429).length).toBeGreaterThanOrEqual(17);
    expect(await failuresOf(user)).toHaveLength(wrong);
  });

  it('a right guess clears the count', async () => {
    const user = await createUser(ctx);
    for (let i = 0; i < 2; i++) expect((await change(user, `guess ${i}`)).statusCode).toBe(403);
    expect((await change(user, user.password)).statusCode).toBe(204);
    for (let i = 0; i < 2; i++) expect((await change(user, `again ${i}`)).statusCode).toBe(403);
  });
});
