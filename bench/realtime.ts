/**
 * Real-time fan-out benchmark: N sockets subscribed to one event's
 * availability, one hold changes it, and the time from sending the hold to
 * each socket receiving the new numbers is measured; then, in the same run, a
 * bare `ws` server broadcasting the same bytes to N sockets of its own. The
 * load generator runs in another process (bench/realtime-client.ts).
 *
 *   npx tsx bench/realtime.ts [--sockets 1000,5000,10000] [--rounds 5]
 *
 * Times start when the hold request is sent, so they include the hold itself
 * (its answer time is reported beside them): an upper bound of commit to receipt.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { WebSocketServer } from 'ws';
import { buildApp, composeModules } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createPlatform } from '../src/platform/platform.js';
import { createBuyers, createSaleEvent } from '../test/fixtures/ticketing.js';
import type { ClientRun, RoundResult } from './realtime-client.js';

const { values } = parseArgs({
  options: {
    sockets: { type: 'string', default: '1000,5000,10000' },
    rounds: { type: 'string', default: '5' },
  },
});
const SIZES = values.sockets.split(',').map(Number);
const ROUNDS = Number(values.rounds);

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
/** Heap and RSS after two full collections. */
const memory = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.external + m.arrayBuffers };
};

const percentile = (sorted: number[], p: number) =>
  sorted.length
    ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
    : NaN;

/** Runs one configuration in the load generator; `between` runs once its sockets are open. */
function drive(
  run: ClientRun,
  between: () => Promise<unknown>,
): Promise<{ rounds: RoundResult[]; idle: unknown }> {
  const child = fork(path.join(import.meta.dirname, 'realtime-client.ts'), {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) => {
    let idle: unknown;
    child.on('message', (message: { ready?: boolean; rounds?: RoundResult[] }) => {
      if (message.ready)
        void between().then((result) => {
          idle = result;
          child.send('go');
        });
      if (message.rounds) {
        child.kill();
        resolve({ rounds: message.rounds, idle });
      }
    });
    child.on('exit', (code) =>
      code ? reject(new Error(`load generator exited with ${code}`)) : undefined,
    );
    child.send({ run });
  });
}

function summarize(rounds: RoundResult[], sockets: number) {
  const p50 = rounds.map((r) => percentile(r.latencies, 50)).sort((a, b) => a - b);
  const p99 = rounds.map((r) => percentile(r.latencies, 99)).sort((a, b) => a - b);
  const last = rounds.map((r) => r.latencies.at(-1) ?? NaN).sort((a, b) => a - b);
  const first = rounds.map((r) => r.latencies[0] ?? NaN).sort((a, b) => a - b);
  const trigger = rounds.map((r) => r.triggerMs).sort((a, b) => a - b);
  const median = (xs: number[]) => xs[Math.floor(xs.length / 2)]!;
  // Messages delivered per second once the first socket had its copy.
  const rates = rounds.map(
    (r) => sockets / ((r.latencies.at(-1)! - r.latencies[0]!) / 1000 || NaN),
  );
  return {
    p50Ms: +median(p50).toFixed(1),
    p99Ms: +median(p99).toFixed(1),
    p99Range: [+p99[0]!.toFixed(1), +p99.at(-1)!.toFixed(1)],
    firstMs: +median(first).toFixed(1),
    lastMs: +median(last).toFixed(1),
    triggerMs: +median(trigger).toFixed(1),
    fanoutPerSecond: Math.round(median(rates.sort((a, b) => a - b))),
    missing: rounds.reduce((n, r) => n + r.missing, 0),
  };
}

/** A bare `ws` server: a POST to /broadcast sends `frame` to every socket. */
async function startBare(frame: () => Buffer) {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const bytes = frame();
      for (const ws of wss.clients) ws.send(bytes, { binary: false });
      res.writeHead(204).end();
    });
  });
  const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 64 * 1024 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', 4096, resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => (wss.close(), server.close(() => resolve()))),
  };
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
    WARMUP_REQUESTS: '0',
    REALTIME_MAX_CONNECTIONS_PER_IP: '1000000',
  });
  const platform = await createPlatform(config);
  const modules = await composeModules(platform);
  const app = await buildApp(platform, { modules });
  await app.ready();
  await platform.jobs.start();
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1', backlog: 8192 });
  const ctx = { app, platform, modules };
  const results: Record<string, unknown>[] = [];
  let sampleFrame = Buffer.from('{}');
  const bare = await startBare(() => sampleFrame);
  try {
    const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'GA', capacity: 1_000_000 }] });
    const buyers = (await createBuyers(ctx, ROUNDS * SIZES.length)).map((b) => b.headers);
    const holdBody = JSON.stringify({
      items: [{ ticketTypeId: sale.ticketTypeIds[0], quantity: 1 }],
    });
    let used = 0;
    for (const sockets of SIZES) {
      const before = memory();
      const marquee = await drive(
        {
          url: `${baseUrl.replace('http', 'ws')}/v1/ws`,
          sockets,
          subscribe: JSON.stringify({
            type: 'subscribe',
            channel: `event:${sale.eventId}:availability`,
          }),
          greeting: 2,
          rounds: ROUNDS,
          trigger: {
            url: `${baseUrl}/v1/events/${sale.eventId}/reservations`,
            headers: buyers.slice(used, (used += ROUNDS)),
            body: holdBody,
          },
        },
        async () => memory(),
      );
      const idle = marquee.idle as ReturnType<typeof memory>;
      sampleFrame = Buffer.from(marquee.rounds[0]!.sample ?? '{}');
      const bareBefore = memory();
      const baseline = await drive(
        {
          url: bare.url.replace('http', 'ws'),
          sockets,
          greeting: 0,
          rounds: ROUNDS,
          trigger: { url: `${bare.url}/broadcast`, headers: [{}], body: '' },
        },
        async () => memory(),
      );
      const bareIdle = baseline.idle as ReturnType<typeof memory>;
      const m = summarize(marquee.rounds, sockets);
      const b = summarize(baseline.rounds, sockets);
      const row = {
        sockets,
        frameBytes: sampleFrame.length,
        marquee: m,
        bare: b,
        throughputRatio: +(m.fanoutPerSecond / b.fanoutPerSecond).toFixed(2),
        bytesPerIdleSocket: {
          marqueeHeap: Math.round((idle.heap - before.heap) / sockets),
          marqueeRss: Math.round((idle.rss - before.rss) / sockets),
          bareHeap: Math.round((bareIdle.heap - bareBefore.heap) / sockets),
          bareRss: Math.round((bareIdle.rss - bareBefore.rss) / sockets),
        },
      };
      results.push(row);
      console.log(JSON.stringify(row));
    }
  } finally {
    await bare.close();
    await app.close();
    await platform.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
  console.log(
    JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
        node: process.version,
        rounds: ROUNDS,
        results,
      },
      null,
      2,
    ),
  );
}

await main();
