import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Config } from '../../config.js';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from './embedded.js';

// Return bigint (int8) and numeric as JS numbers/strings consistently: counts
// from COUNT(*) are int8 and always fit in a double here.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export type Db = NodePgDatabase<Record<string, never>>;
/** A Drizzle handle bound to an open transaction. Repositories take this. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the pool-level handle or a transaction: for reads that need no transaction. */
export type Executor = Db | Tx;

export interface Database {
  url: string;
  pool: pg.Pool;
  db: Db;
  /** Runs `work` in a transaction: commits when it resolves, rolls back when it throws. */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Opens a pool and a Drizzle handle on `url`. */
export function openDatabase(url: string, poolMax = 20): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolMax });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => {});
  const db = drizzle({ client: pool, casing: 'snake_case' });
  return {
    url,
    pool,
    db,
    transaction: (work) => db.transaction(work),
    close: () => pool.end(),
  };
}

export interface DatabaseServer {
  url: string;
  embedded?: EmbeddedDatabase;
}

/**
 * Resolves where the database lives: DATABASE_URL when set, otherwise an
 * embedded PostgreSQL under DATA_DIR that this process starts (and must stop).
 */
export async function resolveDatabaseServer(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  onLog?: (message: string) => void,
): Promise<DatabaseServer> {
  if (config.databaseUrl) return { url: config.databaseUrl };
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, onLog });
  await ensureDatabase(embedded.adminUrl, 'marquee');
  return { url: embedded.urlFor('marquee'), embedded };
}

/**
 * The pg client behind an open Drizzle transaction, for libraries that must
 * write in the same transaction (pg-boss enqueueing a job). Drizzle keeps it
 * on the transaction's session; this is the one place that knows.
 */
export function clientOf(tx: Tx): pg.PoolClient {
  const client = (tx as unknown as { session?: { client?: pg.PoolClient } }).session?.client;
  if (!client || typeof client.query !== 'function') {
    throw new TypeError('clientOf needs an open transaction from database.transaction()');
  }
  return client;
}
