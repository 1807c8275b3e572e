import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import { openDatabase, resolveDatabaseServer, type Database } from './db/database.js';
import type { EmbeddedDatabase } from './db/embedded.js';
import { runMigrations } from './db/migrate.js';
import { EventBus } from './events/event-bus.js';
import { OutboxRelay } from './events/relay.js';
import { Jobs } from './jobs/jobs.js';
import { loggerOptions } from './logger.js';
import { createMailService, type MailService } from './mail/mail.js';
import type { RealtimeGateway } from './realtime/gateway.js';
import { createRealtime } from './realtime/realtime.js';

/**
 * The technical kernel every module receives: configuration, database,
 * event bus and relay, jobs, logger. Built once per process (or per test).
 */
export interface Platform {
  config: Config;
  log: FastifyBaseLogger;
  database: Database;
  bus: EventBus;
  relay: OutboxRelay;
  jobs: Jobs;
  mail: MailService;
  /**
   * The WebSocket gateway: modules define channels and publish to them. It
   * listens for other instances' messages only once the app is ready.
   */
  realtime: RealtimeGateway;
  /** Set when this process started its own embedded PostgreSQL. */
  embedded?: EmbeddedDatabase;
  /**
   * Why this process should get no traffic yet, besides its dependencies (the
   * readiness probe lists the reasons): the start-up warm-up adds one.
   */
  notReady: Set<string>;
  /** Starts the relay and job workers in this process. */
  startWorkers(): Promise<void>;
  /** Stops workers, closes the pool and stops embedded PostgreSQL, in that order. */
  close(): Promise<void>;
}

/** Time kept back from the shutdown budget for closing pools and the database. */
const CLOSE_RESERVE_MS = 3_000;

export async function createPlatform(
  config: Config,
  options: { log?: FastifyBaseLogger; migrate?: boolean } = {},
): Promise<Platform> {
  const log = options.log ?? (pino(loggerOptions(config)) as unknown as FastifyBaseLogger);
  const server = await resolveDatabaseServer(config, (line) =>
    log.debug({ postgres: line.trim() }),
  );
  try {
    if (options.migrate !== false) await runMigrations(server.url);
  } catch (error) {
    await server.embedded?.stop();
    throw error;
  }
  const database = openDatabase(server.url, config.databasePoolMax);
  const bus = new EventBus();
  const relay = new OutboxRelay(database, bus, log, {
    pollMs: config.outboxPollMs,
    // Tests refuse any event whose payload does not match its declared schema.
    checkPayloads: config.nodeEnv === 'test',
  });
  const jobs = new Jobs(server.url, log);
  const mail = createMailService(config, jobs, log);
  const realtime = createRealtime(config, database, log);

  let closed = false;
  return {
    config,
    log,
    database,
    bus,
    relay,
    jobs,
    mail,
    realtime,
    embedded: server.embedded,
    notReady: new Set(),
    async startWorkers() {
      // The queue first: subscribers the relay delivers to may send jobs.
      await jobs.start();
      await relay.start();
      await jobs.startWorkers();
    },
    async close() {
      if (closed) return;
      closed = true;
      await relay.stop();
      await realtime.stop();
      // Running jobs get the shutdown budget less what closing the rest needs, so
      // the whole shutdown still ends within SHUTDOWN_TIMEOUT_MS.
      await jobs.stop(Math.max(1_000, config.shutdownTimeoutMs - CLOSE_RESERVE_MS));
      mail.mailer.close();
      await database.close();
      await server.embedded?.stop();
    },
  };
}
