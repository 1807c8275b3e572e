import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { ok } from './envelope.js';
import type { App } from './types.js';

async function probeRoutes(app: App) {
  // Stands in for identity's authentication hook: `x-test-user` signs the caller in.
  app.addHook('onRequest', async (request) => {
    const user = request.headers['x-test-user'];
    if (typeof user === 'string')
      request.principal = { userId: user, roles: [], emailVerified: true };
  });
  app.get('/probe/limited', async () => ok(true));
  app.get('/probe/tight', { config: { rateLimit: { max: 2, timeWindow: 60_000 } } }, async () =>
    ok(true),
  );
}

const { app } = await useTestApp(
  { CORS_ORIGINS: 'https://app.example, https://admin.example', RATE_LIMIT_MAX: '3' },
  { plugins: [probeRoutes] },
);

describe('security headers', () => {
  it('sets helmet headers on every response', async () => {
    const res = await app.inject({ url: '/v1/health/live' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('CORS', () => {
  it('echoes an allowed origin and exposes the request id', async () => {
    const res = await app.inject({
      url: '/v1/health/live',
      headers: { origin: 'https://admin.example' },
    });
    expect(res.headers['access-control-allow-origin']).toBe('https://admin.example');
    expect(res.headers['access-control-expose-headers']).toContain('x-request-id');
  });

  it('answers a preflight from an allowed origin', async () => {
    const res = await app.inject({
      method: 'OPTIONS',
      url: '/v1/health/live',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example');
  });

  it('does not allow other origins', async () => {
    const res = await app.inject({
      url: '/v1/health/live',
      headers: { origin: 'https://evil.example' },
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('rate limiting', () => {
  const hit = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ url, headers, remoteAddress: headers['x-ip'] ?? '10.0.0.1' });

  it('limits per client IP with rate-limit headers, then answers 429 problem+json', async () => {
    const ip = { 'x-ip': '10.1.0.1' };
    const first = await hit('/probe/limited', ip);
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-ratelimit-limit']).toBe('3');
    expect(first.headers['x-ratelimit-remaining']).toBe('2');
    expect(first.headers['x-ratelimit-reset']).toBeDefined();
    await hit('/probe/limited', ip);
    await hit('/probe/limited', ip);
    const limited = await hit('/probe/limited', ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited.json()).toMatchObject({
      success: false,
      status: 429,
      code: 'REQUEST.RATE_LIMITED',
      requestId: limited.headers['x-request-id'],
    });
    // Another client is not affected.
    expect((await hit('/probe/limited', { 'x-ip': '10.1.0.2' })).statusCode).toBe(200);
  });

  it('applies a per-route override', async () => {
    const ip = { 'x-ip': '10.2.0.1' };
    expect((await hit('/probe/tight', ip)).headers['x-ratelimit-limit']).toBe('2');
    expect((await hit('/probe/tight', ip)).statusCode).toBe(200);
    expect((await hit('/probe/tight', ip)).statusCode).toBe(429);
  });

  it('keys signed-in callers by user, not by IP', async () => {
    const alice = { 'x-ip': '10.3.0.1', 'x-test-user': 'alice' };
    for (let i = 0; i < 3; i++) expect((await hit('/probe/limited', alice)).statusCode).toBe(200);
    expect((await hit('/probe/limited', alice)).statusCode).toBe(429);
    // Same IP, other user: own budget. Same user, other IP: same budget.
    expect((await hit('/probe/limited', { ...alice, 'x-test-user': 'bob' })).statusCode).toBe(200);
    expect((await hit('/probe/limited', { ...alice, 'x-ip': '10.3.0.9' })).statusCode).toBe(429);
  });

  it('never limits the health probes', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await hit('/v1/health/live', { 'x-ip': '10.4.0.1' })).statusCode).toBe(200);
    }
  });
});
