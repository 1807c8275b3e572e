import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

let counter = 0;

/** Creates a fresh database cloned from the migrated template; returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const adminUrl = inject('testAdminUrl');
  const template = inject('testTemplate');
  const name = `marquee_test_${process.ppid}_${process.pid}_${++counter}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
