import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { migrationStatus } from '../db/migrate.js';
import { Envelope, problems } from '../http/envelope.js';
import { problemBody, sendProblem } from '../http/error-handler.js';
import type { App } from '../http/types.js';

const CheckResult = Type.Union([Type.Literal('ok'), Type.Literal('failing')]);

const ReadyData = Type.Object({
  status: Type.Literal('ready'),
  checks: Type.Object({
    database: CheckResult,
    migrations: CheckResult,
    jobs: CheckResult,
    startup: CheckResult,
    realtime: CheckResult,
  }),
});

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Liveness, readiness and the Tickest `/healthz` probe. Part of the platform:
 * it owns no tables or events and probes the platform's own dependencies.
 */
export async function healthRoutes(app: App): Promise<void> {
  const { database, jobs, notReady, realtime } = app.platform;

  app.get(
    '/healthz',
    {
      config: { rateLimit: false },
      schema: {
        summary: 'Tickest liveness probe',
        description: 'Answers the text `Hello Tickest`, as the Tickest backend did.',
        tags: ['health'],
        response: { 200: Type.String() },
      },
    },
    async (_request, reply) => reply.type('text/plain; charset=utf-8').send('Hello Tickest'),
  );

  app.get(
    '/v1/health/live',
    {
      config: { rateLimit: false },
      schema: {
        summary: 'Liveness: the process is up',
        tags: ['health'],
        response: { 200: Envelope(Type.Object({ status: Type.Literal('live') })) },
      },
    },
    async () => ({ success: true as const, data: { status: 'live' as const } }),
  );

  app.get(
    '/v1/health/ready',
    {
      config: { rateLimit: false },
      schema: {
        summary:
          'Readiness: database reachable, migrations applied, job queue running, start-up done (warm-up included), real-time fan-out receiving',
        tags: ['health'],
        response: { 200: Envelope(ReadyData), ...problems(503) },
      },
    },
    async (request, reply) => {
      const checks = {
        database: 'ok',
        migrations: 'ok',
        jobs: 'ok',
        startup: 'ok',
        realtime: 'ok',
      } as Record<'database' | 'migrations' | 'jobs' | 'startup' | 'realtime', 'ok' | 'failing'>;
      const reasons: string[] = [];
      try {
        await withTimeout(database.db.execute(sql`SELECT 1`), 2000);
        try {
          const status = await withTimeout(migrationStatus(database.pool), 2000);
          if (status.applied < status.expected) {
            checks.migrations = 'failing';
            reasons.push(`migrations: ${status.applied} of ${status.expected} applied`);
          }
        } catch (error) {
          checks.migrations = 'failing';
          reasons.push(`migrations: ${(error as Error).message}`);
        }
      } catch (error) {
        checks.database = 'failing';
        checks.migrations = 'failing';
        reasons.push(`database: ${(error as Error).message}`);
      }
      if (!jobs.isRunning) {
        checks.jobs = 'failing';
        reasons.push('jobs: the job queue is not running');
      }
      if (!realtime.isHealthy) {
        checks.realtime = 'failing';
        reasons.push(
          `realtime: the ${realtime.fanout.name} fan-out receives nothing from other instances`,
        );
      }
      if (notReady.size > 0) {
        checks.startup = 'failing';
        reasons.push(`startup: ${[...notReady].join(', ')}`);
      }
      if (reasons.length > 0) {
        request.log.warn({ checks, reasons }, 'not ready');
        return sendProblem(
          reply,
          problemBody(request, 503, 'HEALTH.NOT_READY', `Not ready: ${reasons.join('; ')}.`, {
            details: { checks },
          }),
        );
      }
      return {
        success: true as const,
        data: {
          status: 'ready' as const,
          checks: checks as {
            database: 'ok';
            migrations: 'ok';
            jobs: 'ok';
            startup: 'ok';
            realtime: 'ok';
          },
        },
      };
    },
  );
}
