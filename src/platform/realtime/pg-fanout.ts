import pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import type { Fanout, FanoutMessage } from './realtime.types.js';
import type { RealtimeStore } from './store.js';

export const REALTIME_CHANNEL = 'marquee_realtime';
/** NOTIFY payloads must stay under 8,000 bytes; larger messages travel as their key and seq. */
const MAX_INLINE_BYTES = 7_000;
const RETRY_MS = [100, 500, 1_000, 5_000];

/**
 * Fan-out through PostgreSQL LISTEN/NOTIFY: every instance holds one listening
 * connection, and PostgreSQL delivers each notification to each listener once,
 * in commit order. A message too large for a notification is sent as its key
 * and sequence number, and each instance reads it from the store; the
 * per-key queue keeps delivery in order even then.
 */
export class PgFanout implements Fanout {
  readonly name = 'postgres' as const;
  private client?: pg.Client;
  private deliver?: (message: FanoutMessage) => void;
  private stopped = false;
  private attempt = 0;
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly url: string,
    private readonly pool: pg.Pool,
    private readonly store: RealtimeStore,
    private readonly log: FastifyBaseLogger,
  ) {}

  async start(deliver: (message: FanoutMessage) => void): Promise<void> {
    this.deliver = deliver;
    this.stopped = false;
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      application_name: 'marquee-realtime',
    });
    client.on('notification', (note) => this.receive(note.payload));
    // A dropped connection may say so with an error, or only end: either way, once.
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost || this.stopped) return;
      lost = true;
      this.log.warn({ err: error }, 'realtime listener lost its connection; reconnecting');
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => {});
      this.reconnect();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    await client.connect();
    await client.query(`LISTEN ${REALTIME_CHANNEL}`);
    this.client = client;
    this.attempt = 0;
  }

  private reconnect(): void {
    if (this.stopped) return;
    const wait = RETRY_MS[Math.min(this.attempt++, RETRY_MS.length - 1)]!;
    setTimeout(() => {
      if (this.stopped) return;
      this.connect().catch(() => this.reconnect());
    }, wait).unref();
  }

  get isReceiving(): boolean {
    return this.client !== undefined;
  }

  async send(message: FanoutMessage): Promise<void> {
    const full = JSON.stringify({
      k: message.key,
      s: message.seq,
      t: message.type,
      d: message.data,
    });
    const payload =
      Buffer.byteLength(full) <= MAX_INLINE_BYTES
        ? full
        : JSON.stringify({ k: message.key, s: message.seq });
    await this.pool.query({
      name: 'realtime-notify',
      text: `SELECT pg_notify('${REALTIME_CHANNEL}', $1)`,
      values: [payload],
    });
  }

  private receive(payload: string | undefined): void {
    let note: { k: string; s: number; t?: string; d?: unknown };
    try {
      note = JSON.parse(payload ?? '') as typeof note;
    } catch {
      return;
    }
    if (typeof note.k !== 'string' || typeof note.s !== 'number') return;
    const { k: key, s: seq } = note;
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(async () => {
      const body =
        note.t !== undefined ? { type: note.t, data: note.d } : await this.store.message(key, seq);
      if (body) this.deliver?.({ key, seq, type: body.type, data: body.data });
    });
    const settled = next.catch((error: unknown) => {
      this.log.warn({ err: error, key, seq }, 'realtime message could not be read');
    });
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }
}
