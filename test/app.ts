import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DestinationStream } from 'pino';
import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { afterAll } from 'vitest';
import { buildApp, composeModules, type BuildOptions, type Modules } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { App } from '../src/platform/http/types.js';
import { loggerOptions } from '../src/platform/logger.js';
import { createPlatform, type Platform } from '../src/platform/platform.js';
import { createTestDatabase } from './database.js';

export interface TestContext {
  app: App;
  platform: Platform;
  /** The composed modules: a test reaches its own module's context here. */
  modules: Modules;
  databaseUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * A real application on its own freshly cloned database. Workers do not run
 * by themselves: tests drain the relay (`platform.relay.drain()`) when they
 * need events delivered, so nothing depends on timing.
 */
export interface TestAppOptions {
  /** Test-only routes or hooks, registered after the modules. */
  plugins?: BuildOptions['plugins'];
  /** Capture log lines (JSON, level info) in this stream instead of discarding them. */
  logStream?: DestinationStream;
}

/** The configuration every test app runs with, on its database and data directory. */
export function testConfig(databaseUrl: string, dataDir: string, env: Record<string, string> = {}) {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    PUBLIC_BASE_URL: 'http://marquee.test',
    DATA_DIR: dataDir,
    RUN_WORKERS: 'false',
    LOG_PRETTY: 'false',
    ...env,
  });
}

export async function createTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestContext> {
  const databaseUrl = await createTestDatabase();
  // Each app gets its own DATA_DIR: generated secrets, mail files and media never leak between files.
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'marquee-test-data-'));
  const config = testConfig(databaseUrl, dataDir, env);
  const log = options.logStream
    ? (pino({ ...loggerOptions(config), level: 'info' }, options.logStream) as FastifyBaseLogger)
    : undefined;
  const platform = await createPlatform(config, { migrate: false, log });
  const modules = await composeModules(platform);
  const app = await buildApp(platform, { plugins: options.plugins, modules });
  await app.ready();
  await platform.jobs.start();
  return {
    app,
    platform,
    modules,
    databaseUrl,
    dataDir,
    async close() {
      await app.close();
      await platform.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** createTestApp() for the whole file, closed after its last test. */
export async function useTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestContext> {
  const context = await createTestApp(env, options);
  afterAll(() => context.close());
  return context;
}
