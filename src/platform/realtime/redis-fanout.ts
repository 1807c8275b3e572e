import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import { FanoutInbox, encodeFanoutMessage } from './fanout-inbox.js';
import type { Fanout, FanoutMessage } from './realtime.types.js';
import type { RealtimeStore } from './store.js';

/** The pub/sub channel every instance of a deployment shares. */
export const REDIS_REALTIME_CHANNEL = 'marquee:realtime';
/**
 * Redis takes messages of up to 512 MB, but every instance holds each one in
 * memory on its way to sockets: past this the message travels as its key and
 * seq, and each instance reads it from the store.
 */
export const REDIS_MAX_INLINE_BYTES = 1_048_576;

type Role = 'publisher' | 'subscriber';

/**
 * Fan-out through Redis pub/sub: one publishing and one subscribed connection
 * per process; Redis hands each message to each subscribed instance once, in
 * publication order. Sequence numbers and the replay store stay in
 * PostgreSQL; Redis only carries the messages, so losing it loses live
 * delivery (clients resume from the store), never data.
 *
 * ioredis reconnects by itself (exponential backoff). Publishing does not
 * queue while Redis is away: pub/sub is at-most-once (a subscriber that is
 * disconnected misses what is published meanwhile), so a queued publish would
 * buy little and keep the caller waiting; it fails at once instead.
 */
export class RedisFanout implements Fanout {
  readonly name = 'redis' as const;
  private publisher?: Redis;
  private firstConnection?: Promise<void>;
  private subscriber?: Redis;
  private inbox?: FanoutInbox;
  /** Up: the publisher is ready; the subscriber is subscribed (not merely connected). */
  private readonly up: Record<Role, boolean> = { publisher: false, subscriber: false };
  private readonly watchers = new Set<() => void>();
  /** The connections in an outage already warned about. */
  private readonly failing = new Set<Role>();
  private lastError?: Error;

  constructor(
    private readonly url: string,
    private readonly store: RealtimeStore,
    private readonly log: FastifyBaseLogger,
  ) {}

  async start(deliver: (message: FanoutMessage) => void): Promise<void> {
    if (this.subscriber) return;
    this.lastError = undefined;
    this.inbox = new FanoutInbox(this.store, this.log, deliver);
    const subscriber = this.open('subscriber');
    this.subscriber = subscriber;
    subscriber.on('message', (channel: string, payload: string) => {
      if (channel === REDIS_REALTIME_CHANNEL) this.inbox?.receive(payload);
    });
    // Subscribing again on each reconnect's `ready` (rather than ioredis'
    // auto-resubscribe) tells us when a reconnected subscriber is receiving again.
    let isFirst = true;
    subscriber.on('ready', () => {
      if (!isFirst) void this.resubscribe(subscriber);
    });
    try {
      await subscriber.connect();
      await subscriber.subscribe(REDIS_REALTIME_CHANNEL);
      isFirst = false;
      this.setUp('subscriber', subscriber, true);
      await this.ensurePublisher();
    } catch (error) {
      const reason = this.lastError ?? error;
      await this.stop();
      throw new Error(`realtime: cannot subscribe on Redis at REDIS_URL: ${String(reason)}`, {
        cause: reason,
      });
    }
  }

  get isReceiving(): boolean {
    return this.up.subscriber;
  }

  private async resubscribe(subscriber: Redis): Promise<void> {
    try {
      await subscriber.subscribe(REDIS_REALTIME_CHANNEL);
    } catch (error) {
      // The connection dropped again; its next `ready` subscribes again.
      this.log.warn({ err: error }, 'realtime: Redis subscription failed; retrying on reconnect');
      return;
    }
    this.setUp('subscriber', subscriber, true);
  }

  async send(message: FanoutMessage): Promise<void> {
    const publisher = await this.ensurePublisher();
    if (publisher.status !== 'ready')
      throw new Error('realtime: Redis is unreachable; the message is kept for resumes only');
    await publisher.publish(
      REDIS_REALTIME_CHANNEL,
      encodeFanoutMessage(message, REDIS_MAX_INLINE_BYTES),
    );
  }

  /**
   * The publishing connection, opened on first use: a worker process publishes
   * without ever starting the fan-out. Its first connection is awaited once;
   * after that ioredis keeps reconnecting in the background.
   */
  private async ensurePublisher(): Promise<Redis> {
    if (!this.publisher) {
      const publisher = this.open('publisher');
      this.publisher = publisher;
      // A failure is logged by the `error` handler; sends fail until it is back.
      this.firstConnection = publisher.connect().catch(() => {});
    }
    const publisher = this.publisher;
    await this.firstConnection;
    return publisher;
  }

  private open(role: Role): Redis {
    const client = new Redis(this.url, {
      lazyConnect: true,
      connectionName: `marquee-realtime-${role}`,
      // Fail at once while disconnected rather than queue (see the class comment);
      // commands caught mid-flight by a drop fail at the first failed retry.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResubscribe: false,
    });
    // A retry loop fails many times per outage: warn once, when it starts.
    client.on('error', (error: Error) => {
      this.lastError = error;
      if (this.failing.has(role)) return;
      if (client.status !== 'ready') this.failing.add(role);
      this.log.warn({ err: error }, `realtime: Redis ${role} connection failed; reconnecting`);
    });
    client.on('close', () => {
      if (!this.isCurrent(role, client)) return;
      if (!this.failing.has(role)) {
        this.failing.add(role);
        this.log.warn(`realtime: Redis ${role} connection lost; reconnecting`);
      }
      this.setUp(role, client, false);
    });
    client.on('ready', () => {
      if (this.failing.delete(role)) this.log.info(`realtime: Redis ${role} connection restored`);
      if (role === 'publisher') this.setUp(role, client, true);
    });
    return client;
  }

  private isCurrent(role: Role, client: Redis): boolean {
    return client === (role === 'publisher' ? this.publisher : this.subscriber);
  }

  private setUp(role: Role, client: Redis, isUp: boolean): void {
    if (!this.isCurrent(role, client)) return;
    this.up[role] = isUp;
    for (const watcher of [...this.watchers]) watcher();
  }

  private until(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve) => {
      const watcher = () => {
        if (!condition()) return;
        this.watchers.delete(watcher);
        resolve();
      };
      this.watchers.add(watcher);
    });
  }

  /** Whether this instance can publish and is receiving right now. */
  get isConnected(): boolean {
    return this.up.publisher && this.up.subscriber;
  }

  /** Resolves once both connections are up (the subscriber subscribed): messages flow both ways. */
  connected(): Promise<void> {
    return this.until(() => this.isConnected);
  }

  /** Resolves once both connections are down (Redis went away). */
  disconnected(): Promise<void> {
    return this.until(() => !this.up.publisher && !this.up.subscriber);
  }

  async stop(): Promise<void> {
    const clients = [this.subscriber, this.publisher];
    this.subscriber = undefined;
    this.publisher = undefined;
    this.firstConnection = undefined;
    this.up.publisher = this.up.subscriber = false;
    await this.inbox?.drained();
    this.inbox = undefined;
    await Promise.all(clients.map((client) => client && close(client)));
  }
}

/** Closes a connection: politely when it is up, at once otherwise (no reconnect either way). */
async function close(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // Fall through: the connection went away while quitting.
    }
  }
  client.disconnect();
}
