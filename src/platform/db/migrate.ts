import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { projectPath } from '../paths.js';

export const MIGRATIONS_DIR = projectPath('migrations');

// An arbitrary, fixed key: two processes starting together migrate one at a time.
const MIGRATION_LOCK_KEY = 72_616_601;

/** Applies every pending migration in migrations/, serialised by an advisory lock. */
export async function runMigrations(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migrate(drizzle({ client }), {
      migrationsFolder: MIGRATIONS_DIR,
      migrationsSchema: 'public',
      migrationsTable: '__migrations',
    });
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

/** How many migrations exist on disk versus how many the database has applied. */
export async function migrationStatus(
  pool: pg.Pool,
): Promise<{ applied: number; expected: number }> {
  const { readMigrationFiles } = await import('drizzle-orm/migrator');
  const expected = readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR }).length;
  const result = await pool.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM public.__migrations',
  );
  return { applied: result.rows[0]?.count ?? 0, expected };
}
