import type { WebSocket } from 'ws';
import type { ChannelParams, RealtimeIdentity } from './realtime.types.js';
import type { RegisteredChannel } from './channels.js';

/** One channel a socket is subscribed to, under the name the client used. */
export interface Subscription {
  readonly conn: Connection;
  /** The name the client subscribed with (`user`), used in what it is sent. */
  readonly name: string;
  /** The stored and published name (`user:<id>`). */
  readonly key: string;
  readonly channel: RegisteredChannel;
  readonly params: ChannelParams;
  /** The highest sequence number sent (or deliberately skipped) on this subscription. */
  lastSeq: number;
  /** Live messages that arrived while the subscription's replay or snapshot was being read. */
  pending: { seq: number; type: string; data: unknown }[] | null;
}

/** A socket and what the gateway knows about it. */
export class Connection {
  readonly subs = new Map<string, Subscription>();
  identity: RealtimeIdentity | null = null;
  /** Answered the last ping (or sent anything) since the previous heartbeat. */
  alive = true;
  closing = false;
  /** Since when its send buffer has been over the bound (0: it is not). */
  overSince = 0;
  expiryTimer?: NodeJS.Timeout;
  /** The commands of this socket run one after another (the rate limit bounds the queue). */
  queue: Promise<void> = Promise.resolve();
  private tokens: number;
  private refilledAt = Date.now();
  private strikes = 0;

  constructor(
    readonly ws: WebSocket,
    readonly ip: string,
    private readonly ratePerSecond: number,
  ) {
    this.tokens = this.burst;
  }

  private get burst(): number {
    return this.ratePerSecond * 2;
  }

  get userId(): string | undefined {
    return this.identity?.principal.userId;
  }

  /**
   * Takes one message from the socket's budget (a token bucket of
   * `ratePerSecond`, bursts of twice that). `warn` on the first message over
   * it, `close` once the client kept sending a whole burst while over it.
   */
  take(): 'ok' | 'warn' | 'drop' | 'close' {
    const now = Date.now();
    this.tokens = Math.min(
      this.burst,
      this.tokens + ((now - this.refilledAt) * this.ratePerSecond) / 1000,
    );
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.strikes = 0;
      return 'ok';
    }
    this.strikes += 1;
    if (this.strikes === 1) return 'warn';
    return this.strikes > this.burst ? 'close' : 'drop';
  }

  /** Milliseconds until the budget has a message again. */
  retryAfterMs(): number {
    return Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond);
  }
}
