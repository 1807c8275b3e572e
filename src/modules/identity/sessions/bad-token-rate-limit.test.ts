import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { createUser } from '../../../../test/fixtures/identity.js';

const LIMIT = 20;
const ctx = await useTestApp({ RATE_LIMIT_MAX: String(LIMIT) });
const { app } = ctx;

const me = (authorization: string, remoteAddress: string) =>
  app.inject({ method: 'GET', url: '/v1/me', headers: { authorization }, remoteAddress });
const randomTokens = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    i % 2
      ? `Bearer mq_${randomBytes(24).toString('hex')}`
      : `Bearer ${randomBytes(32).toString('base64url')}`,
  );

describe('bad bearer tokens and the rate limit', () => {
  it('a flood of made-up tokens from one address gets 429 past the limit', async () => {
    const answers = await Promise.all(randomTokens(3 * LIMIT).map((t) => me(t, '10.7.0.1')));
    const statuses = answers.map((res) => res.statusCode);
    // In a burst the store's counter is read after later requests have counted
    // too, so a burst may be refused a little early, never late.
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(LIMIT);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2 * LIMIT);
    const refused = answers.find((res) => res.statusCode === 429)!;
    expect(refused.json().code).toBe('REQUEST.RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // A malformed header counts the same way.
    expect((await me('Basic abc', '10.7.0.1')).statusCode).toBe(429);
  });

  it('one after another: exactly the limit of 401s, then 429', async () => {
    const statuses: number[] = [];
    for (const token of randomTokens(LIMIT + 2))
      statuses.push((await me(token, '10.7.0.4')).statusCode);
    expect(statuses).toEqual([...Array<number>(LIMIT).fill(401), 429, 429]);
  });

  it('leaves other addresses and genuine tokens from the same address alone', async () => {
    const user = await createUser(ctx);
    for (const token of randomTokens(LIMIT + 1)) await me(token, '10.7.0.2');
    expect((await me(randomTokens(1)[0]!, '10.7.0.2')).statusCode).toBe(429);
    expect((await me(randomTokens(1)[0]!, '10.7.0.3')).statusCode).toBe(401);
    expect((await me(user.headers.authorization, '10.7.0.2')).statusCode).toBe(200);
  });
});
