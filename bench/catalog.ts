/**
 * Catalogue benchmark: search latency at one connection, and throughput at 50
 * connections for an event page and a filtered list, each beside a bare
 * Fastify server answering the same bytes. Prints EXPLAIN ANALYZE of the
 * search query. Run: `tsx bench/catalog.ts [--events 100000] [--seconds 10]`
 * or `npm run bench -- catalog`. DATA_DIR or DATABASE_URL choose the database
 * (a temporary one otherwise); missing events are generated, so point DATA_DIR at
 * a directory to reuse a generated catalogue between runs.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { buildApp, composeModules } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createPlatform } from '../src/platform/platform.js';
import { LOAD, compare, replayableHeaders, startBare } from './harness.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '10' },
    cache: { type: 'string', default: 'true' },
  },
});
const target = Number(values.events);
const duration = Number(values.seconds);
LOAD.duration = duration;

const dataDir =
  process.env.DATA_DIR ??
  (process.env.DATABASE_URL
    ? undefined
    : await fs.mkdtemp(path.join(os.tmpdir(), 'marquee-bench-')));
const config = loadConfig({
  ...process.env,
  ...(dataDir ? { DATA_DIR: dataDir } : {}),
  LOG_LEVEL: 'silent',
  RATE_LIMIT_MAX: '1000000',
  RUN_WORKERS: 'false',
  SEED: 'false',
  CATALOG_CACHE: values.cache,
});
const platform = await createPlatform(config);
const { db } = platform.database;
const modules = await composeModules(platform);

const count = async () =>
  (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM catalog_events`)).rows[0]!.n;
const have = await count();
if (have < target) {
  console.log(`Generating ${target - have} events...`);
  await modules.catalog.api.seedGenerated(target - have);
}
const total = await count();

const app = await buildApp(platform, { modules });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

const searchUrl = '/v1/events?q=jazz&city=Athens&upcoming=true';
const listUrl = '/v1/events?category=concert&city=Berlin&maxPrice=5000&sort=startsAt&limit=20';
const idRow = await db.execute<{ id: number }>(
  sql`SELECT id FROM catalog_events WHERE status = 'published' AND visibility = 'public' ORDER BY id DESC LIMIT 1`,
);
const eventUrl = `/v1/events/${idRow.rows[0]!.id}`;

const explain = (label: string, plan: string) =>
  console.log(`\n-- EXPLAIN ANALYZE: ${label}\n${plan}`);
const searchPlan = await modules.catalog.api.searchPlans(
  { q: 'jazz', city: 'Athens', upcoming: true, limit: 20 },
  true,
);
explain('page of q=jazz&city=Athens&upcoming=true', searchPlan.page);
explain('count of q=jazz&city=Athens&upcoming=true', searchPlan.count);
const near = await modules.catalog.api.searchPlans(
  {
    near: { lat: 52.52, lng: 13.405, radiusKm: 5 },
    upcoming: true,
    sort: [{ field: 'startsAt', direction: 'asc' }],
    limit: 20,
  },
  true,
);
explain('page of near=Berlin radius 5 km', near.page);

async function run(url: string, connections: number) {
  const result = await autocannon({ url, connections, duration, pipelining: 1 });
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p95: (result.latency as unknown as Record<string, number>).p95 ?? result.latency.p97_5,
    p99: result.latency.p99,
    non2xx: result.non2xx,
  };
}

/** Bare servers answering `path` with the app's body: alone, and with the app's headers too. */
async function bare(path: string) {
  const res = await fetch(base + path);
  const body = await res.text();
  const sameBody = await startBare('/*', body, {
    headers: res.headers.get('etag') ? { etag: res.headers.get('etag')! } : {},
  });
  const sameResponse = await startBare('/*', body, { headers: replayableHeaders(res) });
  return {
    urls: {
      'bare, same body': sameBody.url + path,
      'bare, same body and headers': sameResponse.url + path,
    },
    bytes: body.length,
    close: async () => {
      await sameBody.close();
      await sameResponse.close();
    },
  };
}

console.log(
  `\nEvents in database: ${total}; cache ${config.catalogCache ? 'on' : 'off'}; ${duration}s per run`,
);
const search = await run(base + searchUrl, 1);
console.log(`search (1 connection) ${searchUrl}:`, search);

for (const [label, path] of [
  ['GET /v1/events/:id', eventUrl],
  ['filtered list', listUrl],
] as const) {
  const control = await bare(path);
  await compare(`${label} (${control.bytes} bytes)`, base + path, control.urls);
  await control.close();
}

await app.close();
await platform.close();
