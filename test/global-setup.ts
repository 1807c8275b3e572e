import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import PgBoss from 'pg-boss';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/platform/db/embedded.js';
import { runMigrations } from '../src/platform/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the maintenance database of the test server. */
    testAdminUrl: string;
    /** A migrated database each test file clones its own from. */
    testTemplate: string;
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * One PostgreSQL per run (embedded, or TEST_DATABASE_URL's server), one
 * migrated template database; each test file clones its own from it.
 */
export default async function setup(project: TestProject) {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  let embedded: EmbeddedDatabase | undefined;
  let tempDir: string | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    tempDir = await fs.mkdtemp(path.join(os.tmpdir(), 'marquee-test-'));
    embedded = await startEmbeddedPostgres({ dataDir: tempDir, persistent: false });
    adminUrl = embedded.adminUrl;
  }
  const template = `marquee_template_${runId}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${template}"`);
  await admin.end();

  const templateUrl = withDatabase(adminUrl, template);
  await runMigrations(templateUrl);
  // Install pg-boss's schema once, so cloned databases start their queue quickly.
  const boss = new PgBoss({ connectionString: templateUrl, supervise: false, schedule: false });
  await boss.start();
  await boss.stop({ graceful: false, wait: true });

  project.provide('testAdminUrl', adminUrl);
  project.provide('testTemplate', template);

  return async () => {
    if (embedded) {
      await embedded.stop();
      if (tempDir) await fs.rm(tempDir, { recursive: true, force: true });
      return;
    }
    // On a shared server, drop what this run created.
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
      [`marquee_test_${runId.split('_')[0]}%`, template],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => {});
    }
    await client.end();
  };
}
