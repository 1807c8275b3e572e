/**
 * Ticketing rush benchmark on the embedded PostgreSQL, over real HTTP.
 *
 *   npx tsx bench/ticketing.ts [--buyers 2000] [--seats 500] [--others 300] [--connections 2000]
 *
 * 2,000 distinct signed-in buyers each ask for one seat of a 500-seat ticket
 * type at the same moment (all requests issued at once over a pool of
 * `connections` keep-alive sockets; latency counts the wait for a socket), while other buyers of another ticket type of the
 * same event buy at the same time. Reports successful holds per second and
 * latency percentiles for both groups, then checks out every hold and checks
 * that exactly `seats` were sold.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import http from 'node:http';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { getEventForSale } from '../src/modules/catalog/index.js';
import { createPlatform } from '../src/platform/platform.js';
import { createBuyers, createSaleEvent, type Buyer } from '../test/fixtures/ticketing.js';

const { values } = parseArgs({
  options: {
    buyers: { type: 'string', default: '2000' },
    seats: { type: 'string', default: '500' },
    others: { type: 'string', default: '300' },
    connections: { type: 'string', default: '256' },
  },
});
const BUYERS = Number(values.buyers);
const SEATS = Number(values.seats);
const OTHERS = Number(values.others);
const CONNECTIONS = Number(values.connections);

interface Sample {
  group: 'rush' | 'other';
  status: number;
  ms: number;
  endedAt: number;
  id?: string;
  buyer: Buyer;
}

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
  const app = await buildApp(platform);
  await app.ready();
  await platform.jobs.start();
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1', backlog: 4096 });
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const post = (url: string, headers: Record<string, string>, body: unknown) =>
    new Promise<{ status: number; body: { data?: { id: string } } }>((resolve) => {
      const payload = JSON.stringify(body);
      const req = http.request(
        `${baseUrl}${url}`,
        {
          method: 'POST',
          agent,
          headers: {
            ...headers,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(chunks).toString() || '{}'),
            }),
          );
        },
      );
      // A transport error is reported as status 0, not a crash of the run.
      req.on('error', () => resolve({ status: 0, body: {} }));
      req.end(payload);
    });
  const ctx = { app, platform };

  try {
    const sale = await createSaleEvent(ctx, {
      ticketTypes: [
        { name: 'Rush', capacity: SEATS },
        { name: 'Other', capacity: 1_000_000 },
      ],
    });
    const [rushType, otherType] = sale.ticketTypeIds as [number, number];
    process.stdout.write(`creating ${BUYERS + OTHERS * 2} buyers... `);
    const started = Date.now();
    const buyers = await createBuyers(ctx, BUYERS + OTHERS * 2);
    console.log(`${((Date.now() - started) / 1000).toFixed(1)} s`);
    const rushBuyers = buyers.slice(0, BUYERS);
    const baselineBuyers = buyers.slice(BUYERS, BUYERS + OTHERS);
    const otherBuyers = buyers.slice(BUYERS + OTHERS);

    const reserve = async (buyer: Buyer, ticketTypeId: number, group: Sample['group']) => {
      const t0 = performance.now();
      const res = await post(`/v1/events/${sale.eventId}/reservations`, buyer.headers, {
        items: [{ ticketTypeId, quantity: 1 }],
      });
      const endedAt = performance.now();
      return { group, status: res.status, ms: endedAt - t0, endedAt, id: res.body.data?.id, buyer };
    };

    // Warm-up, then the other ticket type alone: the baseline for "not slowed down".
    await Promise.all(baselineBuyers.slice(0, 20).map((b) => reserve(b, otherType, 'other')));
    const baseline = await Promise.all(
      baselineBuyers.slice(20).map((b) => reserve(b, otherType, 'other')),
    );

    // The rush, with the other ticket type's buyers arriving during it.
    const t0 = performance.now();
    const rush = rushBuyers.map((b) => reserve(b, rushType, 'rush'));
    const others = otherBuyers.map((b) => reserve(b, otherType, 'other'));
    const samples = await Promise.all([...rush, ...others]);
    const wall = performance.now() - t0;

    const rushSamples = samples.filter((s) => s.group === 'rush');
    const otherSamples = samples.filter((s) => s.group === 'other');
    const held = rushSamples.filter((s) => s.status === 201);
    const lastHold = Math.max(...held.map((s) => s.endedAt)) - t0;
    const statuses: Record<number, number> = {};
    for (const s of samples) statuses[s.status] = (statuses[s.status] ?? 0) + 1;

    // Check out every hold (not timed as holds) and count what was sold.
    const checkouts = await Promise.all(
      held.map((s, i) =>
        post(`/v1/reservations/${s.id}/checkout`, s.buyer.headers, {
          attendees: [{ name: `Buyer ${i}`, email: `b${i}@example.test` }],
          paymentMethod: 'free',
        }).then((r) => r.status),
      ),
    );
    const checkedOut = checkouts.filter((status) => status === 201).length;
    const after = (await getEventForSale(platform.database.db, sale.eventId))!;
    const rushAfter = after.ticketTypes.find((t) => t.id === rushType)!;

    const result = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
      node: process.version,
      buyers: BUYERS,
      seats: SEATS,
      connections: CONNECTIONS,
      statuses,
      successfulHolds: held.length,
      holdsPerSecond: Math.round(held.length / (lastHold / 1000)),
      timeToSellOutMs: Math.round(lastHold),
      wallMs: Math.round(wall),
      rush: summarize(rushSamples),
      rushSuccessful: summarize(held),
      otherDuringRush: summarize(otherSamples),
      otherAlone: summarize(baseline),
      checkedOut,
      rushTypeAfter: { capacity: rushAfter.capacity, sold: rushAfter.sold, held: rushAfter.held },
    };
    console.log(JSON.stringify(result, null, 2));
    if (held.length !== SEATS || rushAfter.sold !== SEATS || statuses[500]) {
      console.error(`FAILED: expected exactly ${SEATS} holds and sold, and no 5xx`);
      process.exitCode = 1;
    }
  } finally {
    agent.destroy();
    await app.close();
    await platform.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
