import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../app.js';
import { createUser, type TestUser } from '../fixtures/identity.js';
import { openSocket, type TestSocket } from '../sockets.js';
import type { AccessTokens } from '../../src/modules/identity/sessions/tokens.js';
import { CLOSE, REALTIME_ERRORS } from '../../src/platform/realtime/protocol.js';

// The sweep of ended sessions runs often here, so revocations show quickly.
const ctx = await useTestApp({
  REALTIME_SESSION_CHECK_MS: '100',
  REALTIME_MAX_CONNECTIONS_PER_USER: '2',
  CORS_ORIGINS: 'https://app.example.test',
});
let baseUrl = '';
beforeAll(async () => {
  baseUrl = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
});

const signedIn = async (user: TestUser): Promise<TestSocket> => {
  const socket = await openSocket(baseUrl);
  expect(await socket.auth(user.accessToken)).toMatchObject({
    type: 'authenticated',
    data: { userId: user.id },
  });
  return socket;
};

/** An access token signed with the app's own key, as `tokens` would, but with another lifetime. */
const tokenLasting = async (user: TestUser, seconds: number): Promise<string> => {
  const tokens = ctx.modules.identity.context.tokens;
  const other = Object.create(tokens, { ttlSeconds: { value: seconds } }) as AccessTokens;
  const session = ctx.modules.identity.context.tokens.verify(user.accessToken)!;
  return other.sign({ userId: user.id, sessionId: session.sessionId, roles: [] });
};

describe('socket authentication', () => {
  it('an anonymous socket may not subscribe to a private channel', async () => {
    const socket = await openSocket(baseUrl);
    const answer = await socket.subscribe('user');
    expect(answer).toMatchObject({ type: 'error', data: { code: REALTIME_ERRORS.signInRequired } });
    socket.close();
  });

  it('a forged token closes the socket with 4001', async () => {
    const socket = await openSocket(baseUrl);
    socket.send({ type: 'auth', data: { token: 'not.a.token' } });
    expect((await socket.closed).code).toBe(CLOSE.unauthenticated);
  });

  it('an expired token closes the socket with 4001', async () => {
    const user = await createUser(ctx);
    const socket = await openSocket(baseUrl);
    socket.send({ type: 'auth', data: { token: await tokenLasting(user, -10) } });
    expect((await socket.closed).code).toBe(CLOSE.unauthenticated);
  });

  it('auth needs a token or a ticket', async () => {
    const socket = await openSocket(baseUrl);
    const answer = await socket.request({ type: 'auth', data: {} });
    expect(answer).toMatchObject({ type: 'error', data: { code: REALTIME_ERRORS.badMessage } });
    socket.close();
  });

  it('a signed-in socket gets its own stream and not another user’s', async () => {
    const [alice, bob] = [await createUser(ctx), await createUser(ctx)];
    const a = await signedIn(alice);
    const b = await signedIn(bob);
    await a.subscribe('user');
    await b.subscribe('user');
    await ctx.platform.realtime.publish(`user:${alice.id}`, 'note', { to: 'alice' });
    expect(await a.next((m) => m.type === 'note')).toMatchObject({
      channel: 'user',
      data: { to: 'alice' },
    });
    // Bob's next message is the answer to his ping: nothing of Alice's came first.
    expect(await b.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
    expect(b.received.filter((m) => m.type === 'note')).toEqual([]);
    a.close();
    b.close();
  });

  it('signing out closes the socket with 4003; another session stays open', async () => {
    const user = await createUser(ctx);
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: user.email, password: user.password },
    });
    const socket = await signedIn(user);
    const bystander = await openSocket(baseUrl);
    await bystander.auth(login.json().data.tokens.accessToken);
    const out = await ctx.app.inject({
      method: 'POST',
      url: '/v1/auth/logout',
      headers: user.headers,
      payload: {},
    });
    expect(out.statusCode).toBe(204);
    expect((await socket.closed).code).toBe(CLOSE.sessionEnded);
    expect(await bystander.closesWithin(300)).toBeNull();
    bystander.close();
  });

  it('deleting the account closes its sockets with 4003', async () => {
    const user = await createUser(ctx);
    const socket = await signedIn(user);
    const deleted = await ctx.app.inject({
      method: 'DELETE',
      url: '/v1/me',
      headers: user.headers,
      payload: { password: user.password },
    });
    expect(deleted.statusCode).toBe(204);
    expect((await socket.closed).code).toBe(CLOSE.sessionEnded);
  });

  it('a user may hold two sockets; a third is closed with 4009', async () => {
    const user = await createUser(ctx);
    const first = await signedIn(user);
    const second = await signedIn(user);
    const third = await openSocket(baseUrl);
    third.send({ type: 'auth', data: { token: user.accessToken } });
    expect((await third.closed).code).toBe(CLOSE.tooManyConnections);
    // Closing one frees its place.
    first.close();
    await first.closed;
    const again = await signedIn(user);
    again.close();
    second.close();
  });

  it('a socket cannot switch to another user', async () => {
    const [alice, bob] = [await createUser(ctx), await createUser(ctx)];
    const socket = await signedIn(alice);
    socket.send({ type: 'auth', data: { token: bob.accessToken } });
    expect((await socket.closed).code).toBe(CLOSE.unauthenticated);
  });
});

describe('access token expiry', () => {
  it('at expiry the session is asked again: still live, the socket stays', async () => {
    const user = await createUser(ctx);
    const socket = await openSocket(baseUrl);
    await socket.auth(await tokenLasting(user, 1));
    expect(await socket.closesWithin(2_200)).toBeNull();
    expect(await socket.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
    socket.close();
  });
});

describe('one-time tickets', () => {
  const ticketFor = async (user: TestUser) => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/realtime/tickets',
      headers: user.headers,
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    return res.json().data as { ticket: string; url: string; expiresAt: string };
  };

  it('a ticket in the URL signs the socket in, once', async () => {
    const user = await createUser(ctx);
    const { ticket, url } = await ticketFor(user);
    const socket = await openSocket(baseUrl, { path: url });
    expect(await socket.next((m) => m.type === 'authenticated')).toMatchObject({
      data: { userId: user.id },
    });
    expect(await socket.subscribe('user')).toMatchObject({ type: 'subscribed' });
    socket.close();
    await expect(openSocket(baseUrl, { path: `/v1/ws?ticket=${ticket}` })).rejects.toMatchObject({
      status: 401,
    });
  });

  it('a ticket may be sent in the auth message instead', async () => {
    const user = await createUser(ctx);
    const { ticket } = await ticketFor(user);
    const socket = await openSocket(baseUrl);
    expect(await socket.request({ type: 'auth', data: { ticket } })).toMatchObject({
      type: 'authenticated',
      data: { userId: user.id },
    });
    socket.close();
  });

  it('a ticket needs a signed-in caller, and an expired one is refused', async () => {
    const anonymous = await ctx.app.inject({ method: 'POST', url: '/v1/realtime/tickets' });
    expect(anonymous.statusCode).toBe(401);
    const user = await createUser(ctx);
    const { ticket } = await ticketFor(user);
    await ctx.platform.database.pool.query(
      `UPDATE realtime_tickets SET expires_at = now() - interval '1 second'`,
    );
    await expect(openSocket(baseUrl, { path: `/v1/ws?ticket=${ticket}` })).rejects.toMatchObject({
      status: 401,
    });
  });
});

describe('Origin', () => {
  it('a foreign Origin is refused before the upgrade; allowed and absent ones pass', async () => {
    await expect(openSocket(baseUrl, { origin: 'https://evil.example' })).rejects.toMatchObject({
      status: 403,
    });
    for (const origin of ['https://app.example.test', 'http://marquee.test', undefined]) {
      const socket = await openSocket(baseUrl, { origin });
      expect(await socket.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
      socket.close();
    }
  });
});

describe('command order', () => {
  it('auth and subscribe sent back to back run in that order', async () => {
    const user = await createUser(ctx);
    const socket = await openSocket(baseUrl);
    socket.send({ type: 'auth', id: 'a', data: { token: user.accessToken } });
    socket.send({ type: 'subscribe', id: 's', channel: 'user' });
    expect(await socket.next((m) => m.id === 'a')).toMatchObject({ type: 'authenticated' });
    expect(await socket.next((m) => m.id === 's')).toMatchObject({ type: 'subscribed' });
    socket.close();
  });
});
