import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../../test/app.js';
import { captureLogs } from '../../../../test/logs.js';

/**
 * The sample catalogue may load anywhere, but the demo accounts, whose
 * passwords the README prints, exist only in development.
 */
const signIn = (
  app: Awaited<ReturnType<typeof createTestApp>>['app'],
  email: string,
  password: string,
) => app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password } });

describe('seedDemo', () => {
  it('creates no known credentials in production, and warns that samples are live', async () => {
    const logs = captureLogs();
    const ctx = await createTestApp({ NODE_ENV: 'production' }, { logStream: logs.stream });
    try {
      const result = await ctx.modules.catalog.api.seedDemo();
      expect(result).toMatchObject({ seeded: true, credentials: [] });
      expect(result.events).toBeGreaterThan(0);
      for (const [email, password] of [
        ['organizer@example.com', 'marquee-demo-organizer'],
        ['attendee@example.com', 'marquee-demo-attendee'],
      ] as const) {
        expect((await signIn(ctx.app, email, password)).statusCode).toBe(401);
      }
      const { rows } = await ctx.platform.database.pool.query(
        `SELECT email, password_hash IS NULL AS "noPassword" FROM identity_users WHERE email NOT LIKE 'tickest-guest%'`,
      );
      expect(rows).toEqual([{ email: 'sample-events@marquee.invalid', noPassword: true }]);
      // No mail to an address nobody reads: the owner is not announced as a registration.
      const registered = await ctx.platform.database.pool.query(
        `SELECT 1 FROM outbox_events WHERE name = 'identity.user.registered'`,
      );
      expect(registered.rows).toEqual([]);
      const events = await ctx.app.inject({ method: 'GET', url: '/v1/events' });
      expect(events.json().meta.total).toBeGreaterThan(0);
      expect(logs.lines).toContainEqual(
        expect.objectContaining({
          level: 40,
          msg: expect.stringContaining('sample events were loaded into a production database'),
        }),
      );
      // Once only: a catalogue with events is left alone.
      expect((await ctx.modules.catalog.api.seedDemo()).seeded).toBe(false);
    } finally {
      await ctx.close();
    }
  });

  it('creates the demo accounts in development, without the warning', async () => {
    const logs = captureLogs();
    const ctx = await createTestApp({ NODE_ENV: 'development' }, { logStream: logs.stream });
    try {
      const result = await ctx.modules.catalog.api.seedDemo();
      expect(result.credentials.map((c) => c.email)).toEqual([
        'organizer@example.com',
        'attendee@example.com',
      ]);
      for (const { email, password } of result.credentials) {
        expect((await signIn(ctx.app, email, password)).statusCode).toBe(200);
      }
      expect(logs.lines.filter((line) => line.level === 40)).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});
