import type { ChannelRegistry } from './channels.js';
import type { Connection, Subscription } from './connection.js';
import { GATEWAY_COMMANDS, REALTIME_ERRORS, readSince, type ClientMessage } from './protocol.js';
import type { FanoutMessage } from './realtime.types.js';
import type { RealtimeStore } from './store.js';
import { encode, type Wire } from './wire.js';

/**
 * The internal message type asking every instance to authorise a key's
 * subscribers again (`Realtime.reauthorize`); it is never sent to a client.
 */
export const REAUTHORIZE = 'realtime.reauthorize';

/** What is sent on a subscription: a channel message, replayed or live. */
type ChannelMessage = Omit<FanoutMessage, 'key'>;

/**
 * Who is subscribed to what on this instance, the subscribe / unsubscribe /
 * ack commands and the channel owners' own commands, and delivery: a message
 * is encoded once per channel name and written to every subscriber.
 */
export class Subscriptions {
  private readonly byKey = new Map<string, Set<Subscription>>();

  constructor(
    private readonly channels: ChannelRegistry,
    private readonly store: RealtimeStore,
    private readonly wire: Wire,
    private readonly maxSubscriptions: number,
    private readonly localSeq: (key: string) => number,
  ) {}

  count(key: string): number {
    return this.byKey.get(key)?.size ?? 0;
  }

  /**
   * Asks the channel's owner again whether this socket may hold the
   * subscription; if not, it ends, and the client is told why.
   */
  async reauthorize(sub: Subscription): Promise<void> {
    const principal = sub.conn.identity?.principal ?? null;
    const allowed = await sub.channel.authorize(principal, sub.params).catch(() => false);
    if (allowed || sub.conn.subs.get(sub.name) !== sub) return;
    this.remove(sub);
    sub.conn.subs.delete(sub.name);
    this.wire.reply(sub.conn, {
      type: 'unsubscribed',
      channel: sub.name,
      data: { reason: REALTIME_ERRORS.forbidden },
    });
  }

  /** Drops every subscription of a socket that went away. */
  removeAll(conn: Connection): void {
    for (const sub of conn.subs.values()) this.remove(sub);
    conn.subs.clear();
  }

  /** Delivers a channel message to this instance's subscribers of its key. */
  deliver(message: FanoutMessage): void {
    const subs = this.byKey.get(message.key);
    if (!subs) return;
    if (message.type === REAUTHORIZE) {
      for (const sub of [...subs]) void this.reauthorize(sub);
      return;
    }
    const frames = new Map<string, Buffer>();
    for (const sub of subs) {
      if (sub.pending) {
        sub.pending.push(message);
        continue;
      }
      if (message.seq <= sub.lastSeq) continue;
      sub.lastSeq = message.seq;
      let frame = frames.get(sub.name);
      if (!frame) {
        frame = encode({
          type: message.type,
          channel: sub.name,
          seq: message.seq,
          data: message.data,
        });
        frames.set(sub.name, frame);
      }
      this.wire.send(sub.conn, frame);
    }
  }

  async subscribe(conn: Connection, message: ClientMessage): Promise<void> {
    const name = message.channel;
    if (!name)
      return this.wire.error(
        conn,
        message,
        REALTIME_ERRORS.badMessage,
        '"subscribe" needs a channel.',
      );
    const since = readSince(message.data);
    if (since === 'bad')
      return this.wire.error(
        conn,
        message,
        REALTIME_ERRORS.badMessage,
        '"data.since" must be a non-negative integer.',
      );
    const found = this.channels.find(name);
    if (!found)
      return this.wire.error(
        conn,
        message,
        REALTIME_ERRORS.unknownChannel,
        `There is no channel "${name}".`,
      );
    const { channel, params } = found;
    const principal = conn.identity?.principal ?? null;
    if (!channel.isPublic && !principal)
      return this.wire.error(
        conn,
        message,
        REALTIME_ERRORS.signInRequired,
        'Send "auth" before subscribing to this channel.',
      );
    const existing = conn.subs.get(name);
    if (!existing && conn.subs.size >= this.maxSubscriptions)
      return this.wire.error(
        conn,
        message,
        REALTIME_ERRORS.tooManySubscriptions,
        `A socket may hold ${this.maxSubscriptions} subscriptions.`,
      );
    if (!(await channel.authorize(principal, params)))
      return this.wire.error(
        conn,
        message,
        REALTIME_ERRORS.forbidden,
        'You may not subscribe to this channel.',
      );
    if (conn.closing) return;
    if (existing) {
      this.remove(existing);
      conn.subs.delete(name);
    }
    const key = channel.key?.(principal, params) ?? name;
    const sub: Subscription = { conn, name, key, channel, params, lastSeq: 0, pending: [] };
    this.add(sub);
    try {
      const first = await this.firstMessages(sub, since);
      if (conn.subs.get(name) !== sub) return;
      this.wire.reply(conn, {
        type: 'subscribed',
        id: message.id,
        channel: name,
        data: { seq: first.seq },
      });
      for (const m of first.messages) this.sendOn(sub, m);
      sub.lastSeq = Math.max(sub.lastSeq, first.seq);
    } finally {
      const pending = sub.pending ?? [];
      sub.pending = null;
      for (const m of pending) if (m.seq > sub.lastSeq) this.sendOn(sub, m);
    }
  }

  /** What a new subscription gets first: a snapshot, a replay, or a resync. */
  private async firstMessages(
    sub: Subscription,
    since: number | undefined,
  ): Promise<{ seq: number; messages: ChannelMessage[] }> {
    if (sub.channel.kind === 'state') {
      const seq = this.localSeq(sub.key) ?? 0;
      const snapshot = await sub.channel.snapshot?.(sub.params);
      return { seq, messages: snapshot ? [{ seq, ...snapshot }] : [] };
    }
    if (since === undefined) return { seq: await this.store.currentSeq(sub.key), messages: [] };
    const missed = await this.store.missed(sub.key, since);
    if (missed.kind === 'replay') return { seq: missed.current, messages: missed.messages };
    const resync = {
      seq: missed.current,
      type: 'resync',
      data: { since, current: missed.current },
    };
    return { seq: missed.current, messages: [resync] };
  }

  private sendOn(sub: Subscription, m: ChannelMessage): void {
    sub.lastSeq = Math.max(sub.lastSeq, m.seq);
    this.wire.send(sub.conn, encode({ type: m.type, channel: sub.name, seq: m.seq, data: m.data }));
  }

  async unsubscribe(conn: Connection, message: ClientMessage): Promise<void> {
    const sub = message.channel ? conn.subs.get(message.channel) : undefined;
    if (!sub)
      return this.wire.error(
        conn,
        message,
        REALTIME_ERRORS.notSubscribed,
        'This socket is not subscribed to that channel.',
      );
    this.remove(sub);
    conn.subs.delete(sub.name);
    this.wire.reply(conn, { type: 'unsubscribed', id: message.id, channel: sub.name, data: {} });
  }

  async ack(conn: Connection, message: ClientMessage): Promise<void> {
    const sub = message.channel ? conn.subs.get(message.channel) : undefined;
    if (!sub)
      return this.wire.error(
        conn,
        message,
        REALTIME_ERRORS.notSubscribed,
        'Acknowledge only messages of a subscribed channel.',
      );
    const seq = readSince({ since: (message.data as { seq?: unknown } | undefined)?.seq });
    if (typeof seq !== 'number')
      return this.wire.error(
        conn,
        message,
        REALTIME_ERRORS.badMessage,
        '"data.seq" must be the sequence number received.',
      );
    await sub.channel.onAck?.(conn.identity?.principal ?? null, sub.key, seq, message.data);
  }

  /** A command for the channel's owner (`chat.send`); the socket must hold the subscription. */
  async command(conn: Connection, message: ClientMessage): Promise<void> {
    const sub = message.channel ? conn.subs.get(message.channel) : undefined;
    const handler = sub?.channel.commands?.[message.type];
    if (GATEWAY_COMMANDS.has(message.type) || !sub || !handler) {
      if (sub || !message.channel)
        return this.wire.error(
          conn,
          message,
          REALTIME_ERRORS.unknownCommand,
          `Unknown command "${message.type}".`,
        );
      return this.wire.error(
        conn,
        message,
        REALTIME_ERRORS.notSubscribed,
        'Subscribe to the channel before sending to it.',
      );
    }
    const result = await handler(conn.identity?.principal ?? null, sub.params, message.data);
    this.wire.reply(conn, { type: 'ok', id: message.id, channel: sub.name, data: result ?? {} });
  }

  add(sub: Subscription): void {
    sub.conn.subs.set(sub.name, sub);
    let set = this.byKey.get(sub.key);
    if (!set) {
      set = new Set();
      this.byKey.set(sub.key, set);
      sub.channel.onActive?.(sub.key, sub.params);
    }
    set.add(sub);
  }

  remove(sub: Subscription): void {
    const set = this.byKey.get(sub.key);
    if (!set?.delete(sub) || set.size > 0) return;
    this.byKey.delete(sub.key);
    sub.channel.onIdle?.(sub.key, sub.params);
  }
}
