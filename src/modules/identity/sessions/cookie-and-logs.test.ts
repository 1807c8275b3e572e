import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { createUser } from '../../../../test/fixtures/identity.js';
import { captureLogs } from '../../../../test/logs.js';

const logs = captureLogs();
const ctx = await useTestApp(
  { CORS_ORIGINS: 'https://app.example.test' },
  { logStream: logs.stream },
);
const { app } = ctx;

function refreshCookieOf(setCookie: string | string[] | undefined): string {
  const all = Array.isArray(setCookie) ? setCookie : [setCookie ?? ''];
  const line = all.find((c) => c.startsWith('marquee_refresh='))!;
  expect(line).toMatch(/HttpOnly/i);
  expect(line).toMatch(/Secure/i);
  expect(line).toMatch(/SameSite=Strict/i);
  expect(line).toMatch(/Path=\/v1\/auth/);
  return line.split(';')[0]!.slice('marquee_refresh='.length);
}

describe('refresh token cookie', () => {
  it('is set at sign-in and works for refresh from an allowed origin only', async () => {
    const user = await createUser(ctx);
    const signIn = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: user.email, password: user.password },
    });
    const cookie = refreshCookieOf(signIn.headers['set-cookie']);
    const refresh = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/v1/auth/refresh',
        headers: { cookie: `marquee_refresh=${cookie}`, ...headers },
      });
    const crossSite = await refresh({ origin: 'https://evil.example' });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().code).toBe('AUTH.CSRF_REJECTED');
    expect((await refresh({})).statusCode).toBe(403);
    const ok = await refresh({ origin: 'https://app.example.test' });
    expect(ok.statusCode).toBe(200);
    const next = refreshCookieOf(ok.headers['set-cookie']);
    expect(next).not.toBe(cookie);

    const out = await app.inject({
      method: 'POST',
      url: '/v1/auth/logout',
      headers: { cookie: `marquee_refresh=${next}`, origin: 'http://marquee.test' },
    });
    expect(out.statusCode).toBe(204);
    const after = await app.inject({
      method: 'POST',
      url: '/v1/auth/refresh',
      payload: { refreshToken: next },
    });
    expect(after.statusCode).toBe(401);
  });
});

describe('logs', () => {
  it('never contain passwords, hashes or tokens', async () => {
    const password = 'very secret password 987';
    const reg = await app.inject({
      method: 'POST',
      url: '/v1/auth/register',
      payload: { name: 'Logged', email: 'logged@example.test', password },
    });
    const { accessToken, refreshToken } = reg.json().data.tokens;
    await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: 'logged@example.test', password: 'wrong password 987' },
    });
    await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } });
    await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } });
    await app.inject({
      method: 'GET',
      url: '/v1/me',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const text = JSON.stringify(logs.lines);
    expect(logs.lines.length).toBeGreaterThan(0);
    for (const secret of [password, 'wrong password 987', accessToken, refreshToken, '$argon2']) {
      expect(text).not.toContain(secret);
    }
  });
});
