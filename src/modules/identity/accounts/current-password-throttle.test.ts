import type { Response as LightMyRequestResponse } from 'light-my-request';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { createUser, type TestUser } from '../../../../test/fixtures/identity.js';

// Every check of the current password shares one per-account throttle:
// 5 failures lock it (the first 2 are free, then the waits grow).
const ctx = await useTestApp({ LOGIN_MAX_FAILURES: '5', LOGIN_LOCK_SECONDS: '600' });
const { app } = ctx;

type Guess = (user: TestUser, password: string) => Promise<LightMyRequestResponse>;
const deleteAccount: Guess = (user, password) =>
  app.inject({ method: 'DELETE', url: '/v1/me', headers: user.headers, payload: { password } });
const changeEmail: Guess = (user, password) =>
  app.inject({
    method: 'POST',
    url: '/v1/me/email',
    headers: user.headers,
    payload: { newEmail: `moved-${user.id}@example.test`, password },
  });
const changePassword: Guess = (user, currentPassword) =>
  app.inject({
    method: 'POST',
    url: '/v1/me/password',
    headers: user.headers,
    payload: { currentPassword, newPassword: 'a brand new secret 42' },
  });

describe.each([
  ['DELETE /v1/me', deleteAccount, 204],
  ['POST /v1/me/email', changeEmail, 202],
])('guessing the current password on %s', (_name, guess, success) => {
  it('is throttled: wrong guesses in turn end in 429, then even the right one waits', async () => {
    const user = await createUser(ctx);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await guess(user, `guess number ${i}`)).statusCode);
    expect(statuses).toEqual([403, 403, 403, 429]);
    const refused = await guess(user, user.password);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('AUTH.TOO_MANY_ATTEMPTS');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('checks parallel guesses in turn', async () => {
    const user = await createUser(ctx);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => guess(user, `parallel guess ${i}`)),
    );
    const statuses = answers.map((res) => res.statusCode);
    expect(statuses.filter((s) => s === 403).length).toBeLessThanOrEqual(3);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(17);
    expect((await guess(user, user.password)).statusCode).toBe(429);
  });

  it('a right guess clears the count', async () => {
    const user = await createUser(ctx);
    for (let i = 0; i < 2; i++) expect((await guess(user, `guess ${i}`)).statusCode).toBe(403);
    expect((await guess(user, user.password)).statusCode).toBe(success);
  });
});

describe('the current-password throttle', () => {
  it('is one counter for deletion, email change and password change', async () => {
    const user = await createUser(ctx);
    expect((await deleteAccount(user, 'wrong one')).statusCode).toBe(403);
    expect((await changeEmail(user, 'wrong two')).statusCode).toBe(403);
    expect((await changePassword(user, 'wrong three')).statusCode).toBe(403);
    expect((await deleteAccount(user, user.password)).statusCode).toBe(429);
  });

  it('names the route window in the 429 of POST /v1/me/email (10 per hour)', async () => {
    const user = await createUser(ctx);
    let res;
    for (let i = 0; i < 11; i++) {
      res = await app.inject({
        method: 'POST',
        url: '/v1/me/email',
        headers: user.headers,
        payload: { newEmail: 'not-an-email', password: user.password },
      });
    }
    expect(res!.statusCode).toBe(429);
    expect(res!.json().code).toBe('REQUEST.RATE_LIMITED');
    expect(res!.json().detail).toMatch(
      /the limit is 10 per 1 hour; retry in \d+ (minutes?|hour)\./,
    );
  });
});
