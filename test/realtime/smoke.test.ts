import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../app.js';
import { createUser } from '../fixtures/identity.js';
import { openSocket } from '../sockets.js';

const ctx = await useTestApp();
let baseUrl = '';
beforeAll(async () => {
  baseUrl = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => undefined);

describe('smoke', () => {
  it('auth, subscribe user, publish', async () => {
    const user = await createUser(ctx);
    const socket = await openSocket(baseUrl);
    const auth = await socket.auth(user.accessToken);
    expect(auth.type).toBe('authenticated');
    const sub = await socket.subscribe('user');
    expect(sub).toMatchObject({ type: 'subscribed', channel: 'user', data: { seq: 0 } });
    await ctx.platform.realtime.publish(`user:${user.id}`, 'hello', { a: 1 });
    const m = await socket.next((x) => x.type === 'hello');
    expect(m).toMatchObject({ channel: 'user', seq: 1, data: { a: 1 } });
    socket.close();
  });
});
