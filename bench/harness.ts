import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon, { type Options } from 'autocannon';
import Fastify from 'fastify';
import { buildApp, composeModules, type Modules } from '../src/app.js';
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
  modules: Modules;
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
  const modules = await composeModules(platform);
  const app = await buildApp(platform, { modules });
  await app.ready();
  await platform.startWorkers();
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    app,
    platform,
    modules,
    async close() {
      await app.close();
      await platform.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Response headers a control server cannot or need not replay (framing, date). */
const HOP_HEADERS = new Set([
  'date',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
]);

/**
 * A bare Fastify server answering `path` with exactly `body`: the ceiling to
 * compare with. With `headers`, it also sends those (the application's own
 * response headers, replayed as constants), so both servers put the same
 * bytes on the wire and the difference is the application's work alone.
 */
export async function startBare(
  route: string,
  body: string,
  options: { contentType?: string; headers?: Record<string, string> } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const contentType = options.contentType ?? 'application/json; charset=utf-8';
  const headers = options.headers ?? {};
  const bare = Fastify({ logger: false });
  bare.get(route, async (_request, reply) => reply.headers(headers).type(contentType).send(body));
  const url = await bare.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => bare.close() };
}

/** The headers of a sample response, less framing: what a control server replays. */
export function replayableHeaders(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!HOP_HEADERS.has(name) && name !== 'content-type') headers[name] = value;
  });
  return headers;
}

const fmt = (m: Measurement) =>
  `${String(m.rps).padStart(8)} req/s   p50 ${String(m.p50).padStart(3)} ms   p99 ${String(m.p99).padStart(3)} ms${m.non2xx || m.errors ? `   (non-2xx ${m.non2xx}, errors ${m.errors})` : ''}`;

const best = (runs: Measurement[]) => runs.reduce((a, b) => (b.rps > a.rps ? b : a));

/**
 * Measures the application and its controls in turn, twice (after a warm-up
 * of each), so all see the same machine state; prints the best run of each
 * and the application's ratio to each control. `controls` maps a label to a
 * URL: the bare server with the same body, and optionally the one with the
 * same headers too. Returns the ratios in the controls' order.
 */
export async function compare(
  name: string,
  appUrl: string,
  controls: Record<string, string>,
): Promise<number[]> {
  const entries = Object.entries(controls);
  const runs = new Map<string, Measurement[]>([
    ['app', []],
    ...entries.map(([l]) => [l, []] as [string, Measurement[]]),
  ]);
  for (let round = 0; round < 3; round++) {
    for (const [label, url] of [['app', appUrl] as const, ...entries]) {
      const m = await measure(url);
      if (round > 0) runs.get(label)!.push(m); // round 0 warms the JIT up
    }
  }
  const app = best(runs.get('app')!);
  console.log(`\n${name} (${LOAD.connections} connections, ${LOAD.duration} s per run)`);
  const ratios = entries.map(([label]) => {
    const control = best(runs.get(label)!);
    console.log(`  ${label.padEnd(28)}${fmt(control)}`);
    return app.rps / control.rps;
  });
  console.log(`  ${'Marquee'.padEnd(28)}${fmt(app)}`);
  entries.forEach(([label], i) =>
    console.log(`  ratio to ${label.padEnd(30)}${(ratios[i]! * 100).toFixed(1)}%`),
  );
  return ratios;
}
