import { count } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTestApp, useTestApp } from '../test/app.js';
import { captureLogs } from '../test/logs.js';
import { reservations } from './modules/ticketing/ticketing.tables.js';
import { warmUp } from './warm-up.js';

const logs = captureLogs();
const { app, platform, modules } = await useTestApp({}, { logStream: logs.stream });
const token = () => modules.identity.api.tokenOfNoSession();
const holds = async () =>
  (await platform.database.db.select({ n: count() }).from(reservations))[0]!.n;

describe('start-up warm-up', () => {
  it('serves its harmless requests over HTTP, each with the status it expects, and logs none', async () => {
    const before = await holds();
    const linesBefore = logs.lines.length;
    const result = await warmUp(app, 40, await token());
    expect(result).toEqual({ requests: 40, ms: expect.any(Number) });
    expect(logs.lines.slice(linesBefore).filter((line) => line.msg === 'incoming request')).toEqual(
      [],
    );
    expect(await holds()).toBe(before);

    // Control: the same app logs a request that is not the warm-up's.
    await app.inject({ url: '/v1/health/live' });
    expect(logs.lines.slice(linesBefore).some((line) => line.msg === 'incoming request')).toBe(
      true,
    );
  });

  it('fails, naming the request, when an answer is not the one expected', async () => {
    const closing = await createTestApp();
    try {
      await closing.app.close(); // a closing app answers every request 503
      await expect(warmUp(closing.app, 10, await token())).rejects.toThrow(
        /answered 503, expected (200|401)/,
      );
    } finally {
      await closing.close();
    }
  });

  it('is limited by no rate limit, while the same bad tokens from a client are', async () => {
    // A limit far below the warm-up's count: half its requests carry a token of no session.
    const limited = await createTestApp({ RATE_LIMIT_MAX: '20' });
    try {
      expect(await warmUp(limited.app, 200, await token())).toEqual({
        requests: 200,
        ms: expect.any(Number),
      });
      // Control: a client sending the warm-up's kind of failed authentication is limited.
      const statuses = new Set<number>();
      for (let i = 0; i < 30; i++) {
        const res = await limited.app.inject({
          method: 'GET',
          url: '/v1/me',
          headers: { authorization: 'Bearer not-a-token' },
        });
        statuses.add(res.statusCode);
      }
      expect([...statuses].sort()).toEqual([401, 429]);
    } finally {
      await limited.close();
    }
  });

  it('sends nothing when turned off (WARMUP_REQUESTS=0)', async () => {
    expect(await warmUp(app, 0, await token())).toEqual({ requests: 0, ms: 0 });
  });
});
