import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { projectPath } from '../paths.js';

export const MIGRATIONS_DIR = projectPath('migrations');

/** Where each module keeps its SQL functions and triggers: `<module>/sql/*.sql`. */
export const MODULES_DIR = projectPath('src', 'modules');

/**
 * The modules whose `sql/` folder is applied after the migrations, in
 * dependency order (the order app.ts creates them in): a module's SQL may call
 * the SQL of the modules before it. Files run in name order within a module.
 */
export const MODULE_SQL_ORDER = ['identity', 'catalog', 'ticketing', 'community'] as const;

// An arbitrary, fixed key: two processes starting together migrate one at a time.
const MIGRATION_LOCK_KEY = 72_616_601;

const MIGRATIONS = { migrationsFolder: MIGRATIONS_DIR };

/**
 * Applies every pending migration in migrations/, then the modules' SQL
 * functions and triggers, serialised by an advisory lock.
 */
export async function runMigrations(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await refusePreBaselineDatabase(client);
    await migrate(drizzle({ client }), {
      ...MIGRATIONS,
      migrationsSchema: 'public',
      migrationsTable: '__migrations',
    });
    await applyModuleSql(client, await readModuleSql());
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

/**
 * The migrations were squashed into a baseline: a database migrated by the
 * history before it has tables the baseline would create again. Say so
 * instead of failing on the first CREATE TABLE.
 */
async function refusePreBaselineDatabase(client: pg.Client): Promise<void> {
  const first = readMigrationFiles(MIGRATIONS)[0];
  const { rows } = await client.query<{ known: boolean }>(
    `SELECT to_regclass('public.__migrations') IS NOT NULL AS known`,
  );
  if (!first || !rows[0]?.known) return;
  const applied = await client.query<{ total: number; baseline: number }>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE created_at = $1)::int AS baseline
       FROM public.__migrations`,
    [first.folderMillis],
  );
  const { total = 0, baseline = 0 } = applied.rows[0] ?? {};
  if (total > 0 && baseline === 0) {
    throw new Error(
      'This database was migrated by the migrations from before the baseline (migrations/0001_baseline.sql); ' +
        'its schema cannot be upgraded in place. Recreate it (for the embedded database, delete its data directory).',
    );
  }
}

export interface ModuleSqlFile {
  /** Path from the modules folder, e.g. `catalog/sql/seats.sql`. */
  name: string;
  text: string;
}

/** Every module's `sql/*.sql`, modules in MODULE_SQL_ORDER, files by name. */
export async function readModuleSql(modulesDir = MODULES_DIR): Promise<ModuleSqlFile[]> {
  const files: ModuleSqlFile[] = [];
  const entries = await fs.readdir(modulesDir, { withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isDirectory() || (MODULE_SQL_ORDER as readonly string[]).includes(entry.name))
      continue;
    if ((await sqlFileNames(path.join(modulesDir, entry.name, 'sql'))).length > 0) {
      throw new Error(
        `${entry.name}/sql/ has SQL files but ${entry.name} is not in MODULE_SQL_ORDER (src/platform/db/migrate.ts)`,
      );
    }
  }
  for (const module of MODULE_SQL_ORDER) {
    const dir = path.join(modulesDir, module, 'sql');
    for (const file of await sqlFileNames(dir)) {
      files.push({
        name: `${module}/sql/${file}`,
        text: await fs.readFile(path.join(dir, file), 'utf8'),
      });
    }
  }
  return files;
}

async function sqlFileNames(dir: string): Promise<string[]> {
  const names = await fs.readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return names.filter((name) => name.endsWith('.sql')).sort();
}

/**
 * Applies the modules' SQL (each file one current, idempotent definition of
 * its functions and triggers) in one transaction. The digest of what was
 * applied is kept in `__module_sql`; a start with the same files skips them,
 * so starting a process does not replace triggers (DROP TRIGGER locks the
 * table against readers) under traffic for nothing.
 */
export async function applyModuleSql(client: pg.Client, files: ModuleSqlFile[]): Promise<void> {
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file.name}\0${file.text}\0`);
  const digest = hash.digest('hex');
  await client.query('BEGIN');
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS public.__module_sql (
      id integer PRIMARY KEY CHECK (id = 1),
      digest text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ digest: string }>(
      'SELECT digest FROM public.__module_sql WHERE id = 1',
    );
    if (rows[0]?.digest !== digest) {
      for (const file of files) {
        await client.query(file.text).catch((error: Error) => {
          throw new Error(`${file.name}: ${error.message}`, { cause: error });
        });
      }
      await client.query(
        `INSERT INTO public.__module_sql (id, digest) VALUES (1, $1)
         ON CONFLICT (id) DO UPDATE SET digest = EXCLUDED.digest, applied_at = now()`,
        [digest],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** How many migrations exist on disk versus how many the database has applied. */
export async function migrationStatus(
  pool: pg.Pool,
): Promise<{ applied: number; expected: number }> {
  const expected = readMigrationFiles(MIGRATIONS).length;
  const result = await pool.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM public.__migrations',
  );
  return { applied: result.rows[0]?.count ?? 0, expected };
}
