import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon, { type Options } from 'autocannon';
import Fastify from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createPlatform, type Platform } from '../src/platform/platform.js';
import type { App } from '../src/platform/http/types.js';

/** Load settings, overridable with BENCH_DURATION (seconds) and BENCH_CONNECTIONS. */
export const LOAD = {
  duration: Number(process.env.BENCH_DURATION ?? 10),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 50),
};

export interface Measurement {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** Drives `url` with autocannon for LOAD.duration seconds. */
export async function measure(
  url: string,
  request: Pick<Options, 'method' | 'headers' | 'body'> = {},
): Promise<Measurement> {
  const result = await autocannon({ url, ...LOAD, ...request });
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export interface Running {
  url: string;
  app: App;
  platform: Platform;
  close(): Promise<void>;
}

/**
 * The real application, logs off, listening on a free port: on DATABASE_URL
 * when set, otherwise on an embedded PostgreSQL in a temporary DATA_DIR.
 */
export async function startApp(env: Record<string, string> = {}): Promise<Running> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'marquee-bench-'));
  const config = loadConfig({
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    LOG_PRETTY: 'false',
    NODE_ENV: 'production',
    RATE_LIMIT_MAX: '1000000',
    ...env,
  });
  const platform = await createPlatform(config);
  const app = await buildApp(platform);
  await app.ready();
  await platform.startWorkers();
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    app,
    platform,
    async close() {
      await app.close();
      await platform.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A bare Fastify server answering `path` with exactly `body`: the ceiling to compare with. */
export async function startBare(
  route: string,
  body: string,
  contentType = 'application/json; charset=utf-8',
): Promise<{ url: string; close(): Promise<void> }> {
  const bare = Fastify({ logger: false });
  bare.get(route, async (_request, reply) => reply.type(contentType).send(body));
  const url = await bare.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => bare.close() };
}

const fmt = (m: Measurement) =>
  `${String(m.rps).padStart(8)} req/s   p50 ${String(m.p50).padStart(3)} ms   p99 ${String(m.p99).padStart(3)} ms${m.non2xx || m.errors ? `   (non-2xx ${m.non2xx}, errors ${m.errors})` : ''}`;

/**
 * Measures the application and the bare server alternately (bare, app, bare,
 * app) so both see the same machine state; prints both and the ratio of the
 * better runs. Returns the ratio app/bare.
 */
export async function compare(name: string, appUrl: string, bareUrl: string): Promise<number> {
  await measure(bareUrl); // warm-up of both servers' JIT
  await measure(appUrl);
  const bare = [await measure(bareUrl)];
  const app = [await measure(appUrl)];
  bare.push(await measure(bareUrl));
  app.push(await measure(appUrl));
  const best = (runs: Measurement[]) => runs.reduce((a, b) => (b.rps > a.rps ? b : a));
  const ratio = best(app).rps / best(bare).rps;
  console.log(`\n${name} (${LOAD.connections} connections, ${LOAD.duration} s per run)`);
  console.log(`  bare Fastify  ${fmt(best(bare))}`);
  console.log(`  Marquee       ${fmt(best(app))}`);
  console.log(`  ratio         ${(ratio * 100).toFixed(1)}% of bare`);
  return ratio;
}
