import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureLogs } from '../../../../test/logs.js';
import { createUser } from '../../../../test/fixtures/identity.js';
import { REALTIME_ERRORS } from '../../../platform/realtime/protocol.js';
import { COMMUNITY_ERRORS } from '../community.errors.js';
import { chatUrl, useChatApp, type ChatEvent } from './chat.fixture.js';

const logs = captureLogs();
const chat = await useChatApp(
  { CHAT_POST_LIMIT: '3', CHAT_POST_WINDOW_SECONDS: '3600' },
  { logStream: logs.stream },
);
const { ctx, call } = chat;

let event: ChatEvent;
let channel: string;
beforeAll(async () => {
  event = await chat.chatEvent();
  channel = `event:${event.eventId}:chat`;
});

/** A ticket holder's socket subscribed to the event's chat. */
async function subscribed() {
  const user = await chat.holder(event);
  const socket = await chat.socketFor(user);
  expect(await socket.subscribe(channel)).toMatchObject({ type: 'subscribed', channel });
  return { user, socket };
}

const send = (socket: Awaited<ReturnType<typeof subscribed>>['socket'], data: unknown) =>
  socket.request({ type: 'chat.send', channel, data });

describe('event chat on the socket', () => {
  it('delivers a message posted over REST to subscribed sockets', async () => {
    const { socket } = await subscribed();
    const ada = await chat.holder(event);
    const posted = await chat.post(event, ada, 'over REST');
    const received = await socket.next((m) => m.type === 'chat.message');
    expect(received).toMatchObject({ channel, seq: expect.any(Number) });
    expect(received.data).toEqual(posted);
  });

  it('stores chat.send and delivers it to the other sockets', async () => {
    const sender = await subscribed();
    const reader = await subscribed();
    const answer = await send(sender.socket, { text: '  over the socket  ' });
    expect(answer).toMatchObject({ type: 'ok', channel, data: { text: 'over the socket' } });
    const message = answer.data as { id: string; author: { id: string } };
    expect(message.author.id).toBe(sender.user.id);
    const received = await reader.socket.next((m) => m.type === 'chat.message');
    expect(received.data).toEqual(message);
    const history = (await call('GET', chatUrl(event), reader.user)).json().data;
    expect(history.map((m: { id: string }) => m.id)).toContain(message.id);
  });

  it('delivers edits, deletions, pins and unpins', async () => {
    const { socket, user } = await subscribed();
    const message = await chat.post(event, user, 'typo');
    await socket.next((m) => m.type === 'chat.message');
    await call('PATCH', chatUrl(event, `messages/${message.id}`), user, { text: 'fixed' });
    expect((await socket.next((m) => m.type === 'chat.edited')).data).toMatchObject({
      id: message.id,
      text: 'fixed',
    });
    await call('PUT', chatUrl(event, 'pin'), event.owner, { messageId: message.id });
    expect((await socket.next((m) => m.type === 'chat.pinned')).data).toMatchObject({
      message: { id: message.id },
    });
    await call('DELETE', chatUrl(event, `messages/${message.id}`), user);
    expect((await socket.next((m) => m.type === 'chat.deleted')).data).toMatchObject({
      id: message.id,
      text: null,
      deletedBy: 'author',
    });
    expect((await socket.next((m) => m.type === 'chat.unpinned')).data).toEqual({
      eventId: event.eventId,
    });
  });

  it('answers bad input, a mute and the rate limit with error messages', async () => {
    const { socket, user } = await subscribed();
    const empty = await send(socket, { text: '   ' });
    expect(empty).toMatchObject({
      type: 'error',
      data: { code: 'REQUEST.INVALID', errors: [{ field: 'data.text' }] },
    });
    const long = await send(socket, { text: 'x'.repeat(2001) });
    expect(long).toMatchObject({ type: 'error', data: { errors: [{ field: 'data.text' }] } });
    expect(await send(socket, 'just a string')).toMatchObject({
      type: 'error',
      data: { errors: [{ field: 'data' }] },
    });
    for (let i = 0; i < 3; i++) expect((await send(socket, { text: `m${i}` })).type).toBe('ok');
    const limited = await send(socket, { text: 'one too many' });
    expect(limited).toMatchObject({
      type: 'error',
      data: {
        code: COMMUNITY_ERRORS.chatRateLimited,
        details: { retryAfterSeconds: expect.any(Number) },
      },
    });
    const muted = await chat.holder(event);
    const mutedSocket = await chat.socketFor(muted);
    await mutedSocket.subscribe(channel);
    await call('PUT', chatUrl(event, `mutes/${muted.id}`), event.owner, {});
    expect(await send(mutedSocket, { text: 'let me speak' })).toMatchObject({
      type: 'error',
      data: { code: COMMUNITY_ERRORS.chatMuted },
    });
    const { rows } = await ctx.platform.database.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM community_chat_messages
          WHERE author_id IN (${user.id}::uuid, ${muted.id}::uuid)`,
    );
    expect(rows[0]!.n).toBe(3);
  });

  it('ends the subscription of a socket whose ticket is cancelled, on the spot', async () => {
    const buyer = await createUser(ctx);
    const ticketId = await chat.buyTicket(event, buyer);
    const socket = await chat.socketFor(buyer);
    expect(await socket.subscribe(channel)).toMatchObject({ type: 'subscribed' });
    const stays = (await subscribed()).socket;
    const cancel = await call('POST', `/v1/tickets/${ticketId}/cancel`, buyer);
    expect(cancel.statusCode).toBe(200);
    await ctx.platform.relay.drain();
    expect(await socket.next((m) => m.type === 'unsubscribed')).toMatchObject({
      channel,
      data: { reason: REALTIME_ERRORS.forbidden },
    });
    // Another holder keeps reading, and receives what is posted next; the other does not.
    const posted = await call('POST', `/v1/events/${event.eventId}/chat/messages`, event.owner, {
      text: 'after the cancellation',
    });
    expect(posted.statusCode).toBe(201);
    await stays.next((m) => m.type === 'chat.message' && m.data?.text === 'after the cancellation');
    expect(await socket.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
    expect(socket.received.filter((m) => m.type === 'chat.message')).toEqual([]);
  });

  it('refuses chat.send on a channel the socket has not subscribed to', async () => {
    const ada = await chat.holder(event);
    const socket = await chat.socketFor(ada);
    const answer = await send(socket, { text: 'not subscribed' });
    expect(answer).toMatchObject({ type: 'error', data: { code: REALTIME_ERRORS.notSubscribed } });
  });

  it('keeps a committed message when publishing fails, and logs it', async () => {
    const ada = await chat.holder(event);
    const { db } = ctx.platform.database;
    // A real failure of the realtime store, not a stand-in: its table is briefly gone.
    await db.execute(sql`ALTER TABLE realtime_messages RENAME TO realtime_messages_away`);
    let status: number;
    let id: string;
    try {
      const res = await call('POST', chatUrl(event), ada, { text: 'still stored' });
      status = res.statusCode;
      id = res.json().data?.id;
    } finally {
      await db.execute(sql`ALTER TABLE realtime_messages_away RENAME TO realtime_messages`);
    }
    expect(status).toBe(201);
    const history = (await call('GET', chatUrl(event), ada)).json().data;
    expect(history[0]).toMatchObject({ id, text: 'still stored' });
    expect(logs.lines.some((l) => l.msg === 'chat change not published')).toBe(true);
  });
});
