import { afterAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { registerUser } from '../../../../test/fixtures/identity-mail.js';
import type { TestUser } from '../../../../test/fixtures/identity.js';
import { startSmtpServer, tokenFrom } from '../../../../test/fixtures/smtp.js';

/**
 * A password reset revokes every API token, including those minted while it
 * runs: minting locks the account and re-checks its session, so it waits for
 * the reset and is then refused, or commits first and is revoked by it.
 */
const smtp = await startSmtpServer();
afterAll(() => smtp.close());
const ctx = await useTestApp({ SMTP_URL: smtp.url, RATE_LIMIT_MAX: '100000' });
const { app, platform } = ctx;
await platform.jobs.startWorkers();

const mint = (user: TestUser) =>
  app.inject({
    method: 'POST',
    url: '/v1/me/api-tokens',
    headers: user.headers,
    payload: { name: 'script', scopes: ['read'] },
  });
const works = async (token: string) =>
  (
    await app.inject({
      method: 'GET',
      url: '/v1/me',
      headers: { authorization: `Bearer ${token}` },
    })
  ).statusCode === 200;

async function resetTokenOf(email: string): Promise<string> {
  await app.inject({ method: 'POST', url: '/v1/auth/password/forgot', payload: { email } });
  const mail = await smtp.nextMessage((m) => m.to === email && m.subject.startsWith('Reset your'));
  return tokenFrom(mail);
}

describe('API tokens minted during a password reset', () => {
  it('do not survive it (loops and a parallel batch racing the reset)', async () => {
    const owner = await registerUser(ctx, { email: 'race-owner@example.org', verified: true });
    const resetToken = await resetTokenOf(owner.email);
    let resetting = true;
    const minted: string[] = [];
    const statuses = new Set<number>();
    const loop = async () => {
      while (resetting) {
        const res = await mint(owner);
        statuses.add(res.statusCode);
        if (res.statusCode === 201) minted.push(res.json().data.token as string);
        else if (res.statusCode === 401) return;
      }
    };
    const reset = async () => {
      const batch = Array.from({ length: 20 }, () => mint(owner));
      const res = await app.inject({
        method: 'POST',
        url: '/v1/auth/password/reset',
        payload: { token: resetToken, password: 'a brand new passphrase 7' },
      });
      resetting = false;
      for (const answer of await Promise.all(batch)) {
        statuses.add(answer.statusCode);
        if (answer.statusCode === 201) minted.push(answer.json().data.token as string);
      }
      return res.statusCode;
    };
    const [resetStatus] = await Promise.all([reset(), loop(), loop(), loop()]);
    expect(resetStatus).toBe(200);
    expect(minted.length).toBeGreaterThan(0);
    expect([...statuses].every((s) => s === 201 || s === 401)).toBe(true);
    const survivors = (await Promise.all(minted.map(works))).filter(Boolean);
    expect(survivors).toHaveLength(0);
  });
});
