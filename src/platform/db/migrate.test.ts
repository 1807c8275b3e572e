import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/database.js';
import { applyModuleSql, readModuleSql, runMigrations } from './migrate.js';

let url: string;
let client: pg.Client;

beforeAll(async () => {
  url = await createTestDatabase();
  client = new pg.Client({ connectionString: url });
  await client.connect();
});

afterAll(async () => {
  await client.end();
});

const names = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1]!);

async function appliedAt(): Promise<string | undefined> {
  const { rows } = await client.query<{ at: string }>(
    'SELECT applied_at::text AS at FROM __module_sql WHERE id = 1',
  );
  return rows[0]?.at;
}

describe('the migrator', () => {
  it("applies every module's SQL functions and triggers after the migrations", async () => {
    const text = (await readModuleSql()).map((f) => f.text).join('\n');
    const functions = names(text, /CREATE OR REPLACE FUNCTION (\w+)/g);
    const triggers = names(text, /CREATE TRIGGER (\w+)/g);
    expect(functions).toEqual(
      expect.arrayContaining(['catalog_hold_seats', 'ticketing_hold_batch']),
    );
    expect(triggers).toContain('catalog_ticket_types_notify_change');
    const found = await client.query<{ name: string }>(
      `SELECT proname AS name FROM pg_proc WHERE proname = ANY ($1)
       UNION ALL SELECT tgname FROM pg_trigger WHERE tgname = ANY ($2)`,
      [functions, triggers],
    );
    expect(found.rows.map((r) => r.name).sort()).toEqual([...functions, ...triggers].sort());
  });

  it('skips unchanged module SQL on a later start, and applies it again when it changed', async () => {
    const before = await appliedAt();
    expect(before).toBeDefined();
    await runMigrations(url);
    expect(await appliedAt()).toBe(before);

    // As after a deploy whose SQL files differ: two processes start together.
    await client.query('UPDATE __module_sql SET digest = $1', ['an older build']);
    await Promise.all([runMigrations(url), runMigrations(url)]);
    const after = await appliedAt();
    expect(after).not.toBe(before);
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_trigger WHERE tgname = 'catalog_ticket_types_notify_change'`,
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('names the file whose SQL fails, and applies none of the files', async () => {
    const before = await appliedAt();
    const files = [
      { name: 'catalog/sql/good.sql', text: 'CREATE TABLE applied_before_the_bad_file (id int)' },
      { name: 'catalog/sql/bad.sql', text: 'SELEC 1' },
    ];
    await expect(applyModuleSql(client, files)).rejects.toThrow(/^catalog\/sql\/bad\.sql: /);
    const { rows } = await client.query<{ t: string | null }>(
      `SELECT to_regclass('applied_before_the_bad_file')::text AS t`,
    );
    expect(rows[0]!.t).toBeNull();
    expect(await appliedAt()).toBe(before);
  });

  it('refuses a database migrated by the migrations from before the baseline', async () => {
    const other = await createTestDatabase();
    const db = new pg.Client({ connectionString: other });
    await db.connect();
    try {
      // Rows of migrations this build does not know, as the squashed history left them.
      await db.query('UPDATE __migrations SET created_at = created_at - 10000000');
      await expect(runMigrations(other)).rejects.toThrow(/from before the baseline.*Recreate it/);
    } finally {
      await db.end();
    }
  });
});

describe("the modules' SQL files", () => {
  let dir: string;
  const write = async (file: string, text = 'SELECT 1;') => {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), text);
  };

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'marquee-modules-'));
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('are read in module dependency order, then by file name', async () => {
    await write('ticketing/sql/a.sql');
    await write('catalog/sql/b.sql');
    await write('catalog/sql/a.sql');
    await write('catalog/sql/notes.md', 'not SQL');
    await write('identity/sql/z.sql');
    await write('health/index.ts', '');
    expect((await readModuleSql(dir)).map((f) => f.name)).toEqual([
      'identity/sql/z.sql',
      'catalog/sql/a.sql',
      'catalog/sql/b.sql',
      'ticketing/sql/a.sql',
    ]);
  });

  it('of a module missing from the order are refused, not skipped', async () => {
    await write('newcomer/sql/a.sql');
    await expect(readModuleSql(dir)).rejects.toThrow(/newcomer\/sql\/ .* MODULE_SQL_ORDER/);
  });
});
