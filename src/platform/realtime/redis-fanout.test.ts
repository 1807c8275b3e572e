import pino from 'pino';
import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/app.js';
import { createUser } from '../../../test/fixtures/identity.js';
import { socketTracker, startInstance, type Instance } from '../../../test/instances.js';
import { captureLogs } from '../../../test/logs.js';
import { hasRedisServer, startRedisServer, type RedisServer } from '../../../test/redis.js';
import { RedisFanout, REDIS_REALTIME_CHANNEL } from './redis-fanout.js';

/**
 * The Redis fan-out against a real redis-server: it survives Redis going away
 * and coming back (ioredis reconnects; it subscribes again), ignores what is
 * not its own on the channel, warns once per outage, and closes both of its
 * connections on stop.
 */
describe.skipIf(!hasRedisServer)('Redis fan-out', () => {
  let redis: RedisServer;
  let ctx: TestContext;
  let b: Instance;
  let baseA = '';
  const logs = captureLogs();
  const sockets = socketTracker();

  beforeAll(async () => {
    redis = await startRedisServer();
    const env = { REDIS_URL: redis.url };
    ctx = await createTestApp(env, { logStream: logs.stream });
    baseA = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    b = await startInstance(ctx.databaseUrl, ctx.dataDir, env);
  });
  afterAll(async () => {
    await sockets.closeAll();
    await b?.close();
    await ctx?.close();
    await redis?.stop();
  });

  const fanoutOf = (instance: { platform: TestContext['platform'] }) =>
    instance.platform.realtime.fanout as RedisFanout;

  async function subscribedUser() {
    const user = await createUser(ctx);
    const onA = await sockets.open(baseA);
    const onB = await sockets.open(b.baseUrl);
    for (const socket of [onA, onB]) {
      await socket.auth(user.accessToken);
      await socket.subscribe('user');
    }
    return { user, key: `user:${user.id}`, onA, onB };
  }

  it('delivers again after Redis restarts; what was published meanwhile is stored for resumes', async () => {
    const { user, key, onA, onB } = await subscribedUser();
    await ctx.platform.realtime.publish(key, 'probe', { n: 1 });
    for (const socket of [onA, onB])
      expect(await socket.next((m) => m.type === 'probe')).toMatchObject({ seq: 1 });

    await redis.stop();
    await Promise.all([fanoutOf(ctx).disconnected(), fanoutOf(b).disconnected()]);
    // Fails at once rather than hanging the caller; the message is stored all the same.
    await expect(ctx.platform.realtime.publish(key, 'probe', { n: 2 })).rejects.toThrow(
      /Redis is unreachable/,
    );
    expect(await ctx.platform.realtime.store.currentSeq(key)).toBe(2);

    await redis.start();
    await Promise.all([fanoutOf(ctx).connected(), fanoutOf(b).connected()]);
    await b.platform.realtime.publish(key, 'probe', { n: 3 });
    for (const socket of [onA, onB])
      expect(await socket.next((m) => m.type === 'probe')).toMatchObject({
        seq: 3,
        data: { n: 3 },
      });

    // The gap (2 after 1) tells the client to resume: it gets the stored message.
    const resumed = await sockets.open(b.baseUrl);
    await resumed.auth(user.accessToken);
    await resumed.subscribe('user', { since: 1 });
    const replay = [await resumed.next(), await resumed.next()];
    expect(replay.map((m) => [m.seq, m.data])).toEqual([
      [2, { n: 2 }],
      [3, { n: 3 }],
    ]);

    // One warning per connection for the whole outage, however many retries failed.
    const warnings = logs.lines.filter(
      (l) => l.level === 40 && String(l.msg).startsWith('realtime: Redis'),
    );
    for (const role of ['publisher', 'subscriber'])
      expect(warnings.filter((l) => String(l.msg).includes(role))).toHaveLength(1);
    expect(logs.lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining([
        'realtime: Redis publisher connection restored',
        'realtime: Redis subscriber connection restored',
      ]),
    );
  });

  it('ignores what is not a fan-out message on its channel, and keeps delivering', async () => {
    const { key, onB } = await subscribedUser();
    const stranger = new Redis(redis.url);
    try {
      for (const junk of ['not json', '[]', 'null', '{"k":1,"s":1}', `{"k":"${key}","s":"1"}`])
        await stranger.publish(REDIS_REALTIME_CHANNEL, junk);
      // A well-formed message for a seq the store does not hold is dropped too.
      await stranger.publish(REDIS_REALTIME_CHANNEL, JSON.stringify({ k: key, s: 99 }));
    } finally {
      await stranger.quit();
    }
    const seq = await ctx.platform.realtime.publish(key, 'probe', { n: 1 });
    expect(await onB.next()).toMatchObject({ type: 'probe', seq, data: { n: 1 } });
    expect(onB.received).toEqual([]);
  });

  it('stop() closes both of its connections; start() fails when Redis is unreachable', async () => {
    const log = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;
    const names = async () => {
      const admin = new Redis(redis.url);
      const list = String(await admin.client('LIST'));
      await admin.quit();
      return [...list.matchAll(/name=(marquee-realtime-\w+)/g)].map((m) => m[1]);
    };
    const fanout = new RedisFanout(redis.url, ctx.platform.realtime.store, log);
    await fanout.start(() => {});
    // The two apps' connections, and this one's two.
    expect((await names()).sort()).toEqual([
      ...Array(3).fill('marquee-realtime-publisher'),
      ...Array(3).fill('marquee-realtime-subscriber'),
    ]);
    await fanout.stop();
    expect(await names()).toHaveLength(4);

    const nowhere = await startRedisServer();
    await nowhere.stop();
    const unreachable = new RedisFanout(nowhere.url, ctx.platform.realtime.store, log);
    await expect(unreachable.start(() => {})).rejects.toThrow(
      /cannot subscribe on Redis at REDIS_URL: .*ECONNREFUSED/,
    );
    expect(unreachable.isConnected).toBe(false);
  });
});
