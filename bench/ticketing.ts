/**
 * Ticketing rush benchmark on the embedded PostgreSQL, over real HTTP.
 *
 *   npx tsx bench/ticketing.ts [--buyers 2000] [--seats 500] [--others 300] [--connections 256]
 *                              [--instances 1] [--warm-up 3000] [--after-rush 0]
 *                              [--profile rush.cpuprofile]
 *
 * 2,000 distinct signed-in buyers each ask for one seat of a 500-seat ticket
 * type at the same moment (all requests issued at once over a pool of
 * `connections` keep-alive sockets; latency counts the wait for a socket),
 * while 300 buyers of another ticket type of the same event buy at the same
 * time over their own 32 sockets (as they do alone, for the baseline). The requests come from a worker thread (bench/ticketing-client.ts),
 * not from the server's own event loop. Reports successful holds per second
 * and latency percentiles for both groups, then checks out every hold and
 * checks that exactly `seats` were sold.
 *
 * The server starts as `npm start` starts it: with its start-up warm-up of
 * WARMUP_REQUESTS harmless requests (src/warm-up.ts); `--warm-up N` sends N
 * instead, and `--warm-up 0` measures a server without it.
 * `--after-rush S` first runs the same rush (the same buyers, at once) on
 * another event with S seats, so that the server's JIT has compiled the whole
 * path, as it would have on a server that has been serving for a while; the
 * measured rush still opens its connections afresh. Without it the measured
 * rush is the server's first.
 * `--instances N` serves the same run from N API instances (the extra ones in
 * worker threads, on the same database) with the connections shared out
 * among them, as N Marquee processes behind a load balancer would be.
 * `--profile` writes a CPU profile of the server's thread during the rush
 * (open it in Chrome's DevTools or any .cpuprofile viewer).
 *
 * Buyers are real accounts with real sessions and access tokens, made with
 * identity's own code but sharing one precomputed password hash, so setting
 * up takes seconds rather than minutes of argon2.
 */
import fs from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { buildApp, composeModules } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createPlatform } from '../src/platform/platform.js';
import { warmUp } from '../src/warm-up.js';
import { createBuyers, createSaleEvent } from '../test/fixtures/ticketing.js';
import type { ClientInput, ClientMark, ClientOutput, Sample } from './ticketing-client.js';
import type { InstanceInput } from './ticketing-server.js';

const { values } = parseArgs({
  options: {
    buyers: { type: 'string', default: '2000' },
    seats: { type: 'string', default: '500' },
    others: { type: 'string', default: '300' },
    connections: { type: 'string', default: '256' },
    profile: { type: 'string' },
    instances: { type: 'string', default: '1' },
    'after-rush': { type: 'string', default: '0' },
    'warm-up': { type: 'string' },
  },
});
const BUYERS = Number(values.buyers);
const SEATS = Number(values.seats);
const OTHERS = Number(values.others);
const CONNECTIONS = Number(values.connections);
const INSTANCES = Number(values.instances);
const PRIOR_RUSH_SEATS = Number(values['after-rush']);

const percentile = (sorted: number[], p: number) =>
  sorted.length
    ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
    : NaN;

function summarize(samples: Sample[]) {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    n: samples.length,
    p50: Math.round(percentile(ms, 50)),
    p90: Math.round(percentile(ms, 90)),
    p99: Math.round(percentile(ms, 99)),
    max: Math.round(ms[ms.length - 1] ?? NaN),
  };
}

/** Profiles this thread (the server's) between the rush's start and end marks. */
function rushProfiler(file: string | undefined) {
  if (!file) return { onMark: () => {}, done: async () => {} };
  const session = new Session();
  session.connect();
  let stopped: Promise<void> | undefined;
  return {
    onMark: (mark: ClientMark['mark']) => {
      if (mark === 'rush-start')
        void session
          .post('Profiler.enable')
          .then(() => session.post('Profiler.setSamplingInterval', { interval: 100 }))
          .then(() => session.post('Profiler.start'));
      else
        stopped = session.post('Profiler.stop').then(async ({ profile }) => {
          await fs.writeFile(file, JSON.stringify(profile));
          console.log(`CPU profile of the rush written to ${file}`);
        });
    },
    done: async () => {
      await stopped;
      session.disconnect();
    },
  };
}

/** A worker thread running one of this folder's TypeScript files (through tsx's loader). */
const tsWorker = (file: string, workerData: unknown) =>
  new Worker(
    `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL(file, import.meta.url).href)}); });`,
    { eval: true, workerData },
  );

/** Starts an extra API instance in a worker thread; resolves with its URL and a way to close it. */
function startInstance(input: InstanceInput) {
  const worker = tsWorker('./ticketing-server.ts', input);
  return new Promise<{ url: string; close: () => Promise<void> }>((resolve, reject) => {
    worker.once('message', ({ url }: { url: string }) =>
      resolve({
        url,
        close: () =>
          new Promise((closed) => {
            worker.once('message', () => void worker.terminate().then(() => closed()));
            worker.postMessage('close');
          }),
      }),
    );
    worker.once('error', reject);
  });
}

/** Runs the load generator in a worker thread. */
function runClient(
  input: ClientInput,
  onMark: (mark: ClientMark['mark']) => void,
): Promise<ClientOutput> {
  const worker = tsWorker('./ticketing-client.ts', input);
  return new Promise((resolve, reject) => {
    worker.on('message', (message: ClientOutput | ClientMark) => {
      if ('mark' in message) onMark(message.mark);
      else resolve(message);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`load generator exited with ${code}`)));
  });
}

async function main() {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'marquee-bench-'));
  const config = loadConfig({
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_MAX: '1000000',
    RUN_WORKERS: 'false',
    SEED: 'false',
    DATABASE_POOL_MAX: process.env.DATABASE_POOL_MAX ?? '20',
  });
  const platform = await createPlatform(config);
  const modules = await composeModules(platform);
  const app = await buildApp(platform, { modules });
  await app.ready();
  // As `npm start` does (WARMUP_REQUESTS); `--warm-up 0` measures a server without it.
  const warmUpRequests = Number(values['warm-up'] ?? config.warmUpRequests);
  const warmedUp = await warmUp(app, warmUpRequests, await modules.identity.api.tokenOfNoSession());
  await platform.jobs.start();
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1', backlog: 4096 });
  const ctx = { app, platform, modules };
  const extra = await Promise.all(
    Array.from({ length: INSTANCES - 1 }, () =>
      startInstance({
        databaseUrl: platform.database.url,
        dataDir,
        poolMax: String(config.databasePoolMax),
        warmUpRequests,
      }),
    ),
  );

  try {
    const sale = await createSaleEvent(ctx, {
      ticketTypes: [
        { name: 'Rush', capacity: SEATS },
        { name: 'Other', capacity: 1_000_000 },
      ],
    });
    const [rushType, otherType] = sale.ticketTypeIds as [number, number];
    const priorSale = PRIOR_RUSH_SEATS
      ? await createSaleEvent(ctx, { ticketTypes: [{ name: 'Prior', capacity: PRIOR_RUSH_SEATS }] })
      : undefined;
    process.stdout.write(`creating ${BUYERS + OTHERS * 2} buyers... `);
    const started = Date.now();
    const buyers = (await createBuyers(ctx, BUYERS + OTHERS * 2)).map((b) => b.headers);
    console.log(`${((Date.now() - started) / 1000).toFixed(1)} s`);

    const profiler = rushProfiler(values.profile);
    const run = await runClient(
      {
        baseUrls: [baseUrl, ...extra.map((e) => e.url)],
        eventId: sale.eventId,
        rushType,
        otherType,
        ...(priorSale
          ? { priorRush: { eventId: priorSale.eventId, ticketTypeId: priorSale.ticketTypeIds[0]! } }
          : {}),
        connections: CONNECTIONS,
        rush: buyers.slice(0, BUYERS),
        baseline: buyers.slice(BUYERS, BUYERS + OTHERS),
        others: buyers.slice(BUYERS + OTHERS),
      },
      profiler.onMark,
    );
    await profiler.done();
    const rushSamples = run.samples.filter((s) => s.group === 'rush');
    const otherSamples = run.samples.filter((s) => s.group === 'other');
    const held = rushSamples.filter((s) => s.status === 201);
    const lastHold = Math.max(...held.map((s) => s.endedAt));
    const statuses: Record<number, number> = {};
    for (const s of run.samples) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
    const checkedOut = run.checkouts.filter((status) => status === 201).length;
    const after = (await modules.catalog.api.getEventForSale(platform.database.db, sale.eventId))!;
    const rushAfter = after.ticketTypes.find((t) => t.id === rushType)!;

    const result = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
      node: process.version,
      buyers: BUYERS,
      seats: SEATS,
      connections: CONNECTIONS,
      instances: INSTANCES,
      warmUp: warmedUp,
      afterRush: PRIOR_RUSH_SEATS,
      statuses,
      successfulHolds: held.length,
      holdsPerSecond: Math.round(held.length / (lastHold / 1000)),
      firstHoldMs: Math.round(Math.min(...held.map((s) => s.endedAt))),
      timeToSellOutMs: Math.round(lastHold),
      wallMs: Math.round(run.wallMs),
      rush: summarize(rushSamples),
      rushSuccessful: summarize(held),
      otherDuringRush: summarize(otherSamples),
      otherAlone: summarize(run.baseline),
      checkedOut,
      rushTypeAfter: { capacity: rushAfter.capacity, sold: rushAfter.sold, held: rushAfter.held },
    };
    console.log(JSON.stringify(result, null, 2));
    if (held.length !== SEATS || rushAfter.sold !== SEATS || statuses[500]) {
      console.error(`FAILED: expected exactly ${SEATS} holds and sold, and no 5xx`);
      process.exitCode = 1;
    }
  } finally {
    await Promise.all(extra.map((e) => e.close()));
    await app.close();
    await platform.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
