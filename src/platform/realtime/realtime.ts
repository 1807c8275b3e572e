import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import type { Database } from '../db/database.js';
import { RealtimeGateway } from './gateway.js';
import { PgFanout } from './pg-fanout.js';
import { RedisFanout } from './redis-fanout.js';
import type { Fanout } from './realtime.types.js';
import { RealtimeStore } from './store.js';

/**
 * Builds the gateway of one process: the store of stream messages and the
 * fan-out (PostgreSQL LISTEN/NOTIFY; Redis pub/sub when REDIS_URL is set).
 * Nothing listens until `start()`, so a worker process can publish without it.
 */
export function createRealtime(
  config: Config,
  database: Database,
  log: FastifyBaseLogger,
): RealtimeGateway {
  const store = new RealtimeStore(database, config.realtime.replayLimit);
  return new RealtimeGateway(
    store,
    createFanout(config, database, store, log),
    config.realtime,
    log,
  );
}

function createFanout(
  config: Config,
  database: Database,
  store: RealtimeStore,
  log: FastifyBaseLogger,
): Fanout {
  if (config.redisUrl) return new RedisFanout(config.redisUrl, store, log);
  return new PgFanout(database.url, database.pool, store, log);
}
