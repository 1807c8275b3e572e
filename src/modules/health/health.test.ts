import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';

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
    expect(res.json().data.checks).toEqual({ database: 'ok', migrations: 'ok', jobs: 'ok' });
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
});
