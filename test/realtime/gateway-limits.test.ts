import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, useTestApp } from '../app.js';
import { createUser } from '../fixtures/identity.js';
import { openSocket } from '../sockets.js';
import type { AccessTokens } from '../../src/modules/identity/sessions/tokens.js';
import { CLOSE, REALTIME_ERRORS } from '../../src/platform/realtime/protocol.js';

const ctx = await useTestApp({
  REALTIME_MESSAGES_PER_SECOND: '5',
  REALTIME_HEARTBEAT_MS: '100',
  REALTIME_MAX_BUFFERED_BYTES: '65536',
  REALTIME_SLOW_CONSUMER_MS: '100',
  REALTIME_REPLAY_LIMIT: '3',
  // No sweep: only the access token's expiry re-checks the session here.
  REALTIME_SESSION_CHECK_MS: '600000',
});
const realtime = ctx.platform.realtime;
realtime.defineChannel({
  pattern: 'probe-state:{id}',
  kind: 'state',
  isPublic: true,
  authorize: async () => true,
});
realtime.defineChannel({
  pattern: 'probe-stream:{id}',
  isPublic: true,
  authorize: async () => true,
});
let baseUrl = '';
beforeAll(async () => {
  baseUrl = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
});

/** Waits (up to 2 s) until `key` has `n` subscribers on this instance, and says how many it has. */
const subscribersBecome = async (key: string, n: number) => {
  for (let i = 0; i < 200 && realtime.subscriberCount(key) !== n; i++)
    await new Promise((r) => setTimeout(r, 10));
  return realtime.subscriberCount(key);
};

describe('frames', () => {
  it('a plain GET of the socket URL answers 426 in the error format', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/v1/ws' });
    expect(res.statusCode).toBe(426);
    expect(res.json()).toMatchObject({ success: false, code: 'REALTIME.UPGRADE_REQUIRED' });
  });

  it('bad frames get error messages and the socket stays usable', async () => {
    const socket = await openSocket(baseUrl);
    const cases: Array<[string | Buffer, string]> = [
      ['not json', REALTIME_ERRORS.badMessage],
      ['[1,2]', REALTIME_ERRORS.badMessage],
      ['{"type":42}', REALTIME_ERRORS.badMessage],
      ['{"type":"dance"}', REALTIME_ERRORS.unknownCommand],
      ['{"type":"subscribe","channel":"nowhere:1"}', REALTIME_ERRORS.unknownChannel],
      ['{"type":"subscribe"}', REALTIME_ERRORS.badMessage],
      [
        '{"type":"subscribe","channel":"probe-stream:1","data":{"since":-1}}',
        REALTIME_ERRORS.badMessage,
      ],
      ['{"type":"chat.send","channel":"probe-stream:1"}', REALTIME_ERRORS.notSubscribed],
      ['{"type":"unsubscribe","channel":"probe-stream:1"}', REALTIME_ERRORS.notSubscribed],
      [Buffer.from([1, 2, 3]), REALTIME_ERRORS.badMessage],
    ];
    for (const [frame, code] of cases) {
      socket.ws.send(frame);
      expect(await socket.next((m) => m.type === 'error')).toMatchObject({ data: { code } });
      // The budget is 5 a second: pace the cases.
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await socket.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
    socket.close();
  });

  it('a frame over 64 KiB closes the socket with 1009; one under it is read', async () => {
    const socket = await openSocket(baseUrl);
    const pad = (n: number) => JSON.stringify({ type: 'ping', id: 'big', data: 'x'.repeat(n) });
    socket.ws.send(pad(60 * 1024));
    expect(await socket.next((m) => m.id === 'big')).toMatchObject({ type: 'pong' });
    socket.ws.send(pad(65 * 1024));
    expect((await socket.closed).code).toBe(CLOSE.tooBig);
  });
});

describe('message rate', () => {
  it('a burst within the budget is answered in full', async () => {
    const socket = await openSocket(baseUrl);
    for (let i = 0; i < 8; i++) socket.send({ type: 'ping', id: i });
    for (let i = 0; i < 8; i++) await socket.next((m) => m.type === 'pong' && m.id === i);
    expect(socket.received.filter((m) => m.type === 'error')).toEqual([]);
    socket.close();
  });

  it('a flood gets one warning, then the socket is closed with 4029', async () => {
    const socket = await openSocket(baseUrl);
    for (let i = 0; i < 40; i++) socket.send({ type: 'ping', id: i });
    expect((await socket.closed).code).toBe(CLOSE.rateLimited);
    const errors = socket.received.filter((m) => m.type === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ data: { code: REALTIME_ERRORS.rateLimited } });
    expect(socket.received.filter((m) => m.type === 'pong').length).toBeLessThanOrEqual(11);
  });
});

describe('heartbeats and slow consumers', () => {
  it('a peer that stops answering pings is reaped; one that answers stays', async () => {
    const key = 'probe-stream:heartbeat';
    const healthy = await openSocket(baseUrl);
    const dead = await openSocket(baseUrl, { autoPong: false });
    await healthy.subscribe(key);
    await dead.subscribe(key);
    expect(realtime.subscriberCount(key)).toBe(2);
    // Terminated by the server, without a close frame.
    expect((await dead.closed).code).toBe(1006);
    expect(await subscribersBecome(key, 1)).toBe(1);
    expect(await healthy.closesWithin(300)).toBeNull();
    healthy.close();
  });

  it('a consumer that does not read is dropped once its buffer stays over the bound', async () => {
    const key = 'probe-state:slow';
    const reader = await openSocket(baseUrl);
    const stuck = await openSocket(baseUrl);
    await reader.subscribe(key);
    await stuck.subscribe(key);
    expect(realtime.subscriberCount(key)).toBe(2);
    const socket = (stuck.ws as unknown as { _socket: { pause(): void } })._socket;
    socket.pause();
    const big = 'y'.repeat(50_000);
    for (let i = 1; i <= 300; i++) {
      realtime.publishLocal('probe-state:slow', 'blob', { i, big });
      // Give the event loop turns, as a real stream of changes would.
      if (i % 10 === 0) await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setTimeout(r, 150));
    realtime.publishLocal('probe-state:slow', 'blob', { i: 301, big });
    expect(await subscribersBecome(key, 1)).toBe(1);
    // The reading socket got everything, in order, and stays.
    const last = await reader.next((m) => m.type === 'blob' && m.data?.i === 301, 10_000);
    expect(last.seq).toBeGreaterThan(0);
    expect(await reader.closesWithin(200)).toBeNull();
    reader.close();
  });
});

describe('resume', () => {
  it('a resumed subscription replays what was missed, then continues live', async () => {
    const key = 'probe-stream:resume';
    for (const n of [1, 2, 3]) await realtime.publish(key, 'n', { n });
    const socket = await openSocket(baseUrl);
    expect(await socket.subscribe(key, { since: 1 })).toMatchObject({
      type: 'subscribed',
      data: { seq: 3 },
    });
    expect(await socket.next((m) => m.type === 'n')).toMatchObject({ seq: 2, data: { n: 2 } });
    expect(await socket.next((m) => m.type === 'n')).toMatchObject({ seq: 3, data: { n: 3 } });
    await realtime.publish(key, 'n', { n: 4 });
    expect(await socket.next((m) => m.type === 'n')).toMatchObject({ seq: 4 });
    socket.close();
    // Reconnect after two more, resuming from the last one seen.
    await realtime.publish(key, 'n', { n: 5 });
    await realtime.publish(key, 'n', { n: 6 });
    const again = await openSocket(baseUrl);
    await again.subscribe(key, { since: 4 });
    expect((await again.next((m) => m.type === 'n')).seq).toBe(5);
    expect((await again.next((m) => m.type === 'n')).seq).toBe(6);
    again.close();
  });

  it('too far behind, or ahead of the channel, gets a resync instead', async () => {
    const key = 'probe-stream:resync';
    for (let n = 1; n <= 8; n++) await realtime.publish(key, 'n', { n });
    const socket = await openSocket(baseUrl);
    await socket.subscribe(key, { since: 2 });
    expect(await socket.next()).toMatchObject({
      type: 'resync',
      seq: 8,
      data: { since: 2, current: 8 },
    });
    await socket.subscribe(key, { since: 99 });
    expect(await socket.next()).toMatchObject({ type: 'resync', data: { since: 99, current: 8 } });
    await socket.subscribe(key, { since: 6 });
    expect((await socket.next()).seq).toBe(7);
    socket.close();
  });

  it('unsubscribing stops delivery', async () => {
    const key = 'probe-stream:unsub';
    const socket = await openSocket(baseUrl);
    await socket.subscribe(key);
    expect(await socket.request({ type: 'unsubscribe', channel: key })).toMatchObject({
      type: 'unsubscribed',
    });
    await realtime.publish(key, 'n', { n: 1 });
    expect(await socket.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
    expect(socket.received.filter((m) => m.type === 'n')).toEqual([]);
    socket.close();
  });
});

describe('access token expiry without the sweep', () => {
  it('a session revoked before the token expires closes the socket at expiry', async () => {
    const user = await createUser(ctx);
    const tokens = ctx.modules.identity.context.tokens;
    const short = Object.create(tokens, { ttlSeconds: { value: 1 } }) as AccessTokens;
    const claims = tokens.verify(user.accessToken)!;
    const socket = await openSocket(baseUrl);
    await socket.auth(
      await short.sign({ userId: user.id, sessionId: claims.sessionId, roles: [] }),
    );
    const out = await ctx.app.inject({
      method: 'POST',
      url: '/v1/auth/logout',
      headers: user.headers,
      payload: {},
    });
    expect(out.statusCode).toBe(204);
    expect((await socket.closed).code).toBe(CLOSE.sessionEnded);
  });
});

describe('per-address limit and shutdown', () => {
  let small: Awaited<ReturnType<typeof createTestApp>>;
  let url = '';
  beforeAll(async () => {
    small = await createTestApp({ REALTIME_MAX_CONNECTIONS_PER_IP: '2' });
    url = await small.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => small?.close());

  it('a third socket from one address is refused with 429; closing the app says 1001', async () => {
    const first = await openSocket(url);
    const second = await openSocket(url);
    await expect(openSocket(url)).rejects.toMatchObject({ status: 429 });
    await small.app.close();
    expect((await first.closed).code).toBe(CLOSE.goingAway);
    expect((await second.closed).code).toBe(CLOSE.goingAway);
  });
});

describe('publishing once', () => {
  it('a second message of the same name is not stored, numbered or sent, even in parallel', async () => {
    const key = 'probe-stream:once';
    const socket = await openSocket(baseUrl);
    await socket.subscribe(key);
    const first = await Promise.all(
      Array.from({ length: 5 }, () => realtime.publish(key, 'n', { n: 1 }, { once: 'delivery-1' })),
    );
    expect(first.filter((seq) => seq !== null)).toEqual([1]);
    expect(await realtime.publish(key, 'n', { n: 1 }, { once: 'delivery-1' })).toBeNull();
    // Another name, and no name at all, publish as usual.
    expect(await realtime.publish(key, 'n', { n: 2 }, { once: 'delivery-2' })).toBe(2);
    expect(await realtime.publish(key, 'n', { n: 3 })).toBe(3);
    expect(await realtime.publish(key, 'n', { n: 4 })).toBe(4);
    const got = [];
    for (let i = 0; i < 4; i++) got.push((await socket.next((m) => m.type === 'n')).seq);
    expect(got).toEqual([1, 2, 3, 4]);
    expect(await socket.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
    expect(socket.received.filter((m) => m.type === 'n')).toEqual([]);
    socket.close();
  });
});
