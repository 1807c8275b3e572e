import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createUserAccount } from '../src/modules/identity/index.js';
import { createPlatform } from '../src/platform/platform.js';

/**
 * Login throughput: POST /v1/auth/login against the real app on a free port.
 * Each request verifies an argon2id hash (19 MiB, t=2, p=1), so this measures
 * how many sign-ins per second the CPU allows. `npx tsx bench/login.ts`;
 * BENCH_DURATION (seconds) and BENCH_CONNECTIONS tune the load.
 */
interface Histogram {
  average: number;
  p50: number;
  p99: number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  method: string;
  headers: Record<string, string>;
  body: string;
}) => Promise<{ requests: Histogram; latency: Histogram; non2xx: number; errors: number }>;

// autocannon ships no types; the few fields used here are declared above.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 8);

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'marquee-bench-login-'));
const config = loadConfig({
  ...process.env,
  NODE_ENV: 'production',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  LOG_PRETTY: 'false',
  RATE_LIMIT_MAX: '1000000',
  PORT: '0',
});
const platform = await createPlatform(config);
try {
  const app = await buildApp(platform);
  await app.ready();
  const email = 'bench@example.test';
  const password = 'benchmark password 2026';
  await createUserAccount(platform, { name: 'Bench', email, password, emailVerified: true });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const result = await autocannon({
    url: `${address}/v1/auth/login`,
    connections,
    duration,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const line = {
    benchmark: 'login',
    connections,
    durationSeconds: duration,
    requestsPerSecond: Math.round(result.requests.average * 10) / 10,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
    node: process.version,
  };
  console.log(JSON.stringify(line));
  await app.close();
} finally {
  await platform.close();
  await fs.rm(dataDir, { recursive: true, force: true });
}
