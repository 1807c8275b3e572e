import pg from 'pg';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/app.js';
import { createUser } from '../../../test/fixtures/identity.js';
import {
  LocalOnlyFanout,
  socketTracker,
  startInstance,
  type Instance,
} from '../../../test/instances.js';
import { hasRedisServer, startRedisServer, type RedisServer } from '../../../test/redis.js';
import type { ServerMessage, TestSocket } from '../../../test/sockets.js';
import type { RealtimeGateway } from './gateway.js';
import { REALTIME_CHANNEL } from './pg-fanout.js';
import { createRealtime } from './realtime.js';
import type { FanoutMessage } from './realtime.types.js';
import { REDIS_MAX_INLINE_BYTES, REDIS_REALTIME_CHANNEL } from './redis-fanout.js';

/**
 * Two API instances on one database, each on its own port: what is published
 * through either reaches the sockets of both, once, in order; large messages
 * too. The same tests run over PostgreSQL LISTEN/NOTIFY (the default) and
 * over Redis pub/sub (REDIS_URL), and a control shows they see a fan-out
 * that stays on its own instance.
 */

/** Collects what arrives and lets a test wait for the n-th item. */
class Recorder<T> {
  readonly items: T[] = [];
  private waiters: Array<{ n: number; resolve: () => void }> = [];

  push(item: T): void {
    this.items.push(item);
    this.waiters = this.waiters.filter((w) => (this.items.length >= w.n ? w.resolve() : true));
  }

  async count(n: number, timeoutMs = 10_000): Promise<T[]> {
    if (this.items.length < n) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`got ${this.items.length} of ${n} items`)),
          timeoutMs,
        );
        this.waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
      });
    }
    return this.items;
  }
}

const isProbe = (m: ServerMessage) => m.type === 'probe';
const sockets = socketTracker();
const openSocket = (baseUrl: string) => sockets.open(baseUrl);

/** The probes a socket receives, up to and including the first one matching `last`. */
async function probesUntil(
  socket: TestSocket,
  last: (m: ServerMessage) => boolean,
): Promise<ServerMessage[]> {
  const got: ServerMessage[] = [];
  for (;;) {
    const message = await socket.next(isProbe);
    got.push(message);
    if (last(message)) return got;
  }
}

interface Side {
  baseUrl: string;
  realtime: RealtimeGateway;
}

/**
 * A user's sockets on A and B; A publishes, then B, then A again. Returns the
 * probes A's socket saw up to A's second one, and B's up to B's own.
 */
async function publishAcross(a: Side, b: Side, ctx: TestContext) {
  const user = await createUser(ctx);
  const key = `user:${user.id}`;
  const pair = await Promise.all([openSocket(a.baseUrl), openSocket(b.baseUrl)]);
  for (const socket of pair) {
    expect((await socket.auth(user.accessToken)).type).toBe('authenticated');
    expect(await socket.subscribe('user')).toMatchObject({ type: 'subscribed', data: { seq: 0 } });
  }
  const [onA, onB] = pair as [TestSocket, TestSocket];
  await a.realtime.publish(key, 'probe', { n: 1, from: 'a' });
  await b.realtime.publish(key, 'probe', { n: 2, from: 'b' });
  await a.realtime.publish(key, 'probe', { n: 3, from: 'a' });
  const seenOnA = await probesUntil(onA, (m) => m.data?.n === 3);
  const seenOnB = await probesUntil(onB, (m) => m.data?.n === 2);
  return { key, onA, onB, seenOnA, seenOnB };
}

function crossInstanceSuite(fanout: 'postgres' | 'redis', largeBytes: number) {
  let redis: RedisServer | undefined;
  let ctx: TestContext;
  let a: Side;
  let b: Instance;
  let env: Record<string, string> = {};

  beforeAll(async () => {
    if (fanout === 'redis') {
      redis = await startRedisServer();
      env = { REDIS_URL: redis.url };
    }
    ctx = await createTestApp(env);
    a = {
      baseUrl: await ctx.app.listen({ port: 0, host: '127.0.0.1' }),
      realtime: ctx.platform.realtime,
    };
    b = await startInstance(ctx.databaseUrl, ctx.dataDir, env);
  });
  afterAll(async () => {
    await sockets.closeAll();
    await b?.close();
    await ctx?.close();
    await redis?.stop();
  });

  const sideB = (): Side => ({ baseUrl: b.baseUrl, realtime: b.platform.realtime });

  /** What each transport carries on its own channel, seen from outside the app. */
  async function tapWire(): Promise<{ payloads: Recorder<string>; close(): Promise<void> }> {
    const payloads = new Recorder<string>();
    if (fanout === 'redis') {
      const client = new Redis(redis!.url);
      client.on('message', (_channel: string, payload: string) => payloads.push(payload));
      await client.subscribe(REDIS_REALTIME_CHANNEL);
      return { payloads, close: async () => void (await client.quit()) };
    }
    const client = new pg.Client({ connectionString: ctx.databaseUrl });
    await client.connect();
    client.on('notification', (note) => payloads.push(note.payload ?? ''));
    await client.query(`LISTEN ${REALTIME_CHANNEL}`);
    return { payloads, close: () => client.end() };
  }

  it(`both instances use the ${fanout} fan-out`, () => {
    expect(ctx.platform.realtime.fanout.name).toBe(fanout);
    expect(b.platform.realtime.fanout.name).toBe(fanout);
  });

  it('a message published through either instance reaches the sockets of both, in order', async () => {
    const { onB, seenOnA, seenOnB } = await publishAcross(a, sideB(), ctx);
    expect(seenOnA.map((m) => [m.seq, m.data])).toEqual([
      [1, { n: 1, from: 'a' }],
      [2, { n: 2, from: 'b' }],
      [3, { n: 3, from: 'a' }],
    ]);
    expect(seenOnB.map((m) => [m.seq, m.data])).toEqual([
      [1, { n: 1, from: 'a' }],
      [2, { n: 2, from: 'b' }],
    ]);
    expect((await onB.next(isProbe)).data).toEqual({ n: 3, from: 'a' });
  });

  it('each instance receives each message once, in publication order per key', async () => {
    // Two more fan-outs built the way every process builds its own, listening beside the apps.
    const gateways = [1, 2].map(() =>
      createRealtime(ctx.platform.config, ctx.platform.database, ctx.platform.log),
    );
    const recorders = gateways.map(() => new Recorder<FanoutMessage>());
    for (const [i, gateway] of gateways.entries())
      await gateway.fanout.start((m) => recorders[i]!.push(m));
    try {
      const sent: Array<Pick<FanoutMessage, 'key' | 'seq'>> = [];
      const large = 'x'.repeat(largeBytes);
      for (let i = 0; i < 30; i++) {
        const key = `once:${i % 3}`;
        const data = i % 7 === 3 ? { i, large } : { i };
        const seq = (await ctx.platform.realtime.store.append(key, 'probe', data))!;
        await gateways[i % 2]!.fanout.send({ key, seq, type: 'probe', data });
        sent.push({ key, seq });
      }
      // Order holds per key only: a large message waits for its read, later keys do not.
      const byKey = (list: Array<Pick<FanoutMessage, 'key' | 'seq'>>) => {
        const seqs: Record<string, number[]> = {};
        for (const m of list) (seqs[m.key] ??= []).push(m.seq);
        return seqs;
      };
      for (const recorder of recorders) {
        const got = await recorder.count(sent.length);
        expect(got).toHaveLength(sent.length);
        expect(byKey(got.map((m) => ({ key: m.key, seq: m.seq })))).toEqual(byKey(sent));
        expect(got.filter((m) => (m.data as { large?: string }).large === large)).toHaveLength(4);
      }
    } finally {
      for (const gateway of gateways) await gateway.fanout.stop();
    }
  });

  it(`messages over ${largeBytes} bytes travel as key and seq, and arrive whole and in order`, async () => {
    const wire = await tapWire();
    const user = await createUser(ctx);
    const key = `user:${user.id}`;
    const onB = await openSocket(b.baseUrl);
    await onB.auth(user.accessToken);
    await onB.subscribe('user');
    const large = (c: string) => c.repeat(largeBytes);
    const sent = [{ n: 1 }, { n: 2, text: large('a') }, { n: 3 }, { n: 4, text: large('b') }];
    for (const data of sent) await ctx.platform.realtime.publish(key, 'probe', data);
    const received = [];
    for (let i = 0; i < sent.length; i++) received.push(await onB.next(isProbe));
    expect(received.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(received.map((m) => m.data)).toEqual(sent);
    const onWire = (await wire.payloads.count(4)).map((p) => JSON.parse(p) as object);
    expect(onWire).toEqual([
      { k: key, s: 1, t: 'probe', d: sent[0] },
      { k: key, s: 2 },
      { k: key, s: 3, t: 'probe', d: sent[2] },
      { k: key, s: 4 },
    ]);
    await wire.close();
  });

  it('a process that never started its gateway (a worker) publishes to both instances', async () => {
    const user = await createUser(ctx);
    const pair = await Promise.all([openSocket(a.baseUrl), openSocket(b.baseUrl)]);
    for (const socket of pair) {
      await socket.auth(user.accessToken);
      await socket.subscribe('user');
    }
    const worker = createRealtime(ctx.platform.config, ctx.platform.database, ctx.platform.log);
    try {
      const seq = await worker.publish(`user:${user.id}`, 'probe', { from: 'worker' });
      for (const socket of pair)
        expect(await socket.next(isProbe)).toMatchObject({ seq, data: { from: 'worker' } });
    } finally {
      await worker.stop();
    }
  });
}

describe('across two instances over PostgreSQL LISTEN/NOTIFY', () => {
  // Over NOTIFY's 8,000-byte payload limit.
  crossInstanceSuite('postgres', 20_000);
});

describe.skipIf(!hasRedisServer)('across two instances over Redis pub/sub', () => {
  // Over the Redis fan-out's own 1 MiB inline bound.
  crossInstanceSuite('redis', REDIS_MAX_INLINE_BYTES + 1_000);
});

describe('control: a fan-out that stays on its own instance', () => {
  let ctx: TestContext;
  let instances: Instance[] = [];
  beforeAll(async () => {
    ctx = await createTestApp();
    instances = await Promise.all(
      [1, 2].map(() =>
        startInstance(ctx.databaseUrl, ctx.dataDir, {}, { fanout: new LocalOnlyFanout() }),
      ),
    );
  });
  afterAll(async () => {
    await sockets.closeAll();
    for (const instance of instances) await instance.close();
    await ctx?.close();
  });

  it('is caught: what A publishes never reaches B, nor B’s reaches A', async () => {
    const [a, b] = instances.map((i) => ({ baseUrl: i.baseUrl, realtime: i.platform.realtime }));
    const { seenOnA, seenOnB } = await publishAcross(a!, b!, ctx);
    expect(seenOnA.map((m) => m.data?.n)).toEqual([1, 3]);
    expect(seenOnB.map((m) => m.data?.n)).toEqual([2]);
  });
});
