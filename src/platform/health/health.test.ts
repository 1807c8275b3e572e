import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { createTestApp, useTestApp } from '../../../test/app.js';

const { app, platform } = await useTestApp();

describe('health', () => {
  it('answers the Tickest probe with its exact text', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toBe('Hello Tickest');
  });

  it('reports liveness', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/health/live' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ success: true, data: { status: 'live' } });
  });

  it('is ready when database, migrations and jobs are up', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/health/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.checks).toEqual({
      database: 'ok',
      migrations: 'ok',
      jobs: 'ok',
      startup: 'ok',
      realtime: 'ok',
    });
  });

  it('answers 503 naming the real-time fan-out while its listener is cut off, ready again once it is back', async () => {
    // The listening connection dies as it would in a database failover.
    const ended = await platform.database.pool.query<{ ended: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
        WHERE application_name = 'marquee-realtime' AND datname = current_database()`,
    );
    expect(ended.rows.map((r) => r.ended)).toEqual([true]);
    let res = await app.inject({ url: '/v1/health/ready' });
    for (let i = 0; i < 100 && res.statusCode === 200; i++) {
      await new Promise((r) => setTimeout(r, 10));
      res = await app.inject({ url: '/v1/health/ready' });
    }
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ details: { checks: { realtime: 'failing' } } });
    expect(res.json().detail).toContain('realtime: the postgres fan-out');
    // It reconnects by itself.
    for (let i = 0; i < 300 && res.statusCode !== 200; i++) {
      await new Promise((r) => setTimeout(r, 20));
      res = await app.inject({ url: '/v1/health/ready' });
    }
    expect(res.statusCode).toBe(200);
  });

  it('answers 503 naming what the start-up still does (the warm-up), then ready once it is done', async () => {
    platform.notReady.add('warming up');
    try {
      const res = await app.inject({ method: 'GET', url: '/v1/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({
        code: 'HEALTH.NOT_READY',
        detail: 'Not ready: startup: warming up.',
        details: { checks: { database: 'ok', jobs: 'ok', startup: 'failing' } },
      });
      // Alive all the while.
      expect((await app.inject({ url: '/v1/health/live' })).statusCode).toBe(200);
    } finally {
      platform.notReady.delete('warming up');
    }
    expect((await app.inject({ url: '/v1/health/ready' })).statusCode).toBe(200);
  });

  it('answers 503 naming the job queue when it is stopped', async () => {
    await platform.jobs.stop();
    const res = await app.inject({ method: 'GET', url: '/v1/health/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      success: false,
      status: 503,
      code: 'HEALTH.NOT_READY',
      details: { checks: { database: 'ok', jobs: 'failing' } },
    });
    expect(res.json().detail).toContain('jobs');
    await platform.jobs.start();
  });

  it('answers 503 naming migrations when one is pending', async () => {
    const { rows } = await platform.database.pool.query(
      'DELETE FROM __migrations WHERE id = (SELECT max(id) FROM __migrations) RETURNING *',
    );
    try {
      const res = await app.inject({ method: 'GET', url: '/v1/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({
        code: 'HEALTH.NOT_READY',
        details: { checks: { database: 'ok', migrations: 'failing', jobs: 'ok', startup: 'ok' } },
      });
      expect(res.json().detail).toMatch(/migrations: \d+ of \d+ applied/);
    } finally {
      const row = rows[0] as { id: number; hash: string; created_at: string };
      await platform.database.pool.query(
        'INSERT INTO __migrations (id, hash, created_at) VALUES ($1, $2, $3)',
        [row.id, row.hash, row.created_at],
      );
    }
    expect((await app.inject({ url: '/v1/health/ready' })).statusCode).toBe(200);
  });

  it('answers 503 naming the database when it is gone', async () => {
    const doomed = await createTestApp();
    try {
      expect((await doomed.app.inject({ url: '/v1/health/ready' })).statusCode).toBe(200);
      const admin = new pg.Client({ connectionString: inject('testAdminUrl') });
      await admin.connect();
      const name = new URL(doomed.databaseUrl).pathname.slice(1);
      await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
      await admin.end();
      const res = await doomed.app.inject({ url: '/v1/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({
        code: 'HEALTH.NOT_READY',
        details: { checks: { database: 'failing' } },
      });
      expect(res.json().detail).toContain('database:');
      // Liveness does not depend on the database.
      expect((await doomed.app.inject({ url: '/v1/health/live' })).statusCode).toBe(200);
    } finally {
      await doomed.close().catch(() => {});
    }
  });
});
