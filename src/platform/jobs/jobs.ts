import PgBoss from 'pg-boss';
import type { FastifyBaseLogger } from 'fastify';
import { clientOf, type Tx } from '../db/database.js';

/** A declared job: its queue name, optional cron schedule, retry policy and handler. */
export interface JobDefinition<T extends object = Record<string, never>> {
  name: string;
  /** Cron expression (UTC) for recurring jobs. */
  schedule?: string;
  retryLimit?: number;
  retryDelaySeconds?: number;
  expireInSeconds?: number;
  /** How many jobs one fetch takes; the handler runs them one by one. */
  batchSize?: number;
  handle: (data: T, meta: { id: string; retryCount?: number }) => Promise<void>;
}

/** Declares a job with its types; register it with `jobs.register()`. */
export function defineJob<T extends object>(definition: JobDefinition<T>): JobDefinition<T> {
  return definition;
}

export interface SendOptions {
  /** A deterministic id makes a repeated send a no-op (at-most-once enqueue). */
  id?: string;
  startAfter?: Date | number;
  singletonKey?: string;
  /** Enqueue inside this open transaction: the job exists only if it commits. */
  tx?: Tx;
}

function executorOf(tx: Tx): PgBoss.Db {
  const client = clientOf(tx);
  return { executeSql: (text, values) => client.query(text, values) };
}

/** SQLSTATE 57P01: the server terminated the connection (it is shutting down). */
const ADMIN_SHUTDOWN = '57P01';

/**
 * pg-boss on the application's database. Every process can send; only
 * processes that run workers (`RUN_WORKERS` or `npm run worker`) poll queues
 * and fire schedules.
 */
export class Jobs {
  private readonly boss: PgBoss;
  private readonly definitions = new Map<string, JobDefinition<object>>();
  private started = false;
  private stopping = false;
  private workersStarted = false;

  constructor(
    url: string,
    private readonly log: FastifyBaseLogger,
    options: { pollingIntervalSeconds?: number } = {},
  ) {
    this.boss = new PgBoss({
      connectionString: url,
      max: 5,
      application_name: 'marquee-jobs',
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
      supervise: true,
      schedule: true,
    });
    this.boss.on('error', (error) => {
      // pg-boss ends its pool without waiting for the sockets to close, so stopping
      // the database right after can reach a closing connection: expected, not an error.
      if (this.stopping && (error as { code?: string }).code === ADMIN_SHUTDOWN) return;
      this.log.error({ err: error }, 'job queue error');
    });
  }

  get isRunning(): boolean {
    return this.started;
  }

  register<T extends object>(definition: JobDefinition<T>): void {
    if (this.definitions.has(definition.name))
      throw new Error(`job "${definition.name}" is already registered`);
    this.definitions.set(definition.name, definition as unknown as JobDefinition<object>);
  }

  /** Connects, installs pg-boss's schema if needed, and creates every registered queue. */
  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    for (const definition of this.definitions.values()) {
      await this.boss.createQueue(definition.name, {
        name: definition.name,
        retryLimit: definition.retryLimit ?? 5,
        retryDelay: definition.retryDelaySeconds ?? 10,
        // Backoff doubles the delay; with a zero delay it would only add jitter.
        retryBackoff: (definition.retryDelaySeconds ?? 10) > 0,
        expireInSeconds: definition.expireInSeconds ?? 300,
      });
    }
    this.started = true;
  }

  /** Starts polling every registered queue and installs the cron schedules. */
  async startWorkers(): Promise<void> {
    if (!this.started) await this.start();
    if (this.workersStarted) return;
    this.workersStarted = true;
    for (const definition of this.definitions.values()) {
      await this.boss.work<object>(
        definition.name,
        {
          batchSize: definition.batchSize ?? 1,
          pollingIntervalSeconds: 1,
          includeMetadata: true,
        },
        async (jobs) => {
          for (const job of jobs) {
            await definition.handle(job.data, { id: job.id, retryCount: job.retryCount });
          }
        },
      );
      if (definition.schedule)
        await this.boss.schedule(definition.name, definition.schedule, {}, { tz: 'UTC' });
    }
  }

  async send<T extends object>(
    definition: JobDefinition<T>,
    data: T,
    options: SendOptions = {},
  ): Promise<string | null> {
    return this.boss.send(definition.name, data, {
      ...(options.id ? { id: options.id } : {}),
      ...(options.startAfter !== undefined ? { startAfter: options.startAfter } : {}),
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(options.tx ? { db: executorOf(options.tx) } : {}),
    });
  }

  /** Runs a registered job's handler now, in this process: for tests and CLIs. */
  async runNow<T extends object>(definition: JobDefinition<T>, data: T): Promise<void> {
    await definition.handle(data, { id: 'inline' });
  }

  /**
   * Fetches the due jobs of one queue and runs them in this process, completing
   * or failing each as a worker would: tests and CLIs run jobs deterministically.
   * Returns how many jobs ran.
   */
  async drain<T extends object>(definition: JobDefinition<T>, batchSize = 100): Promise<number> {
    const jobs = await this.boss.fetch<T>(definition.name, { batchSize, includeMetadata: true });
    for (const job of jobs) {
      try {
        await definition.handle(job.data, { id: job.id, retryCount: job.retryCount });
        await this.boss.complete(definition.name, job.id);
      } catch (error) {
        await this.boss.fail(definition.name, job.id, {
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return jobs.length;
  }

  /** Waits for active jobs to finish (up to `timeoutMs`), then disconnects. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.stopping = true;
    await this.boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
  }

  /** The underlying queue, for the readiness check and tests. */
  get queue(): PgBoss {
    return this.boss;
  }
}
