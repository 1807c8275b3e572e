import { and, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.js';
import type { EventBus } from './event-bus.js';
import { payloadMismatch } from './event-catalogue.js';
import { OUTBOX_CHANNEL, type DeliveredEvent } from './outbox.js';
import { outboxDeliveries, outboxEvents } from './outbox.tables.js';

export interface RelayOptions {
  /** Fallback polling interval; NOTIFY wakes the relay sooner. */
  pollMs: number;
  batchSize?: number;
  /** First retry delay after a subscriber throws; doubles per attempt, capped at an hour. */
  retryBaseMs?: number;
  /**
   * Refuse to deliver an event whose payload does not match its declared
   * schema (tests turn this on, so every emitted payload is checked).
   */
  checkPayloads?: boolean;
}

interface PendingRow extends Record<string, unknown> {
  id: number;
  name: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
  attempts: number;
}

/**
 * Delivers committed outbox events to subscribers, at least once. Rows are
 * claimed with FOR UPDATE SKIP LOCKED, so several relays (processes) share the
 * work and never deliver one event concurrently; a delivery record per
 * subscriber makes a redelivery a no-op for subscribers that already succeeded.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private listener: pg.Client | undefined;
  private running: Promise<void> | undefined;
  private wanted = false;
  private stopped = true;
  private readonly batchSize: number;
  private readonly retryBaseMs: number;

  constructor(
    private readonly database: Database,
    private readonly bus: EventBus,
    private readonly log: FastifyBaseLogger,
    private readonly options: RelayOptions,
  ) {
    this.batchSize = options.batchSize ?? 100;
    this.retryBaseMs = options.retryBaseMs ?? 1000;
  }

  get isRunning(): boolean {
    return !this.stopped;
  }

  /** Starts listening for new events and polling as a fallback. */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    const listener = new pg.Client({ connectionString: this.database.url });
    listener.on('error', (error) => this.log.warn({ err: error }, 'outbox listener lost'));
    listener.on('notification', () => this.kick());
    await listener.connect();
    await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.listener = listener;
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.kick();
  }

  /** Stops taking new work and waits for the batch in flight to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    await this.listener?.end().catch(() => {});
    this.listener = undefined;
  }

  private kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wanted = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
      if (this.wanted && !this.stopped) {
        this.wanted = false;
        this.kick();
      }
    });
  }

  private async loop(): Promise<void> {
    try {
      while (!this.stopped && (await this.tick()) > 0) {
        // keep going while there is due work
      }
    } catch (error) {
      this.log.error({ err: error }, 'outbox relay tick failed');
    }
  }

  /** Delivers until nothing due is left; returns how many events were handled. Used by tests and shutdown. */
  async drain(maxRounds = 50): Promise<number> {
    let total = 0;
    for (let round = 0; round < maxRounds; round++) {
      const handled = await this.tick();
      if (handled === 0) break;
      total += handled;
    }
    return total;
  }

  /** Claims one batch of due events and delivers each to its subscribers. */
  async tick(): Promise<number> {
    return this.database.transaction(async (tx) => {
      const { rows } = await tx.execute<PendingRow>(sql`
        SELECT id, name, payload, occurred_at, attempts FROM outbox_events
        WHERE published_at IS NULL AND next_attempt_at <= now()
        ORDER BY id LIMIT ${this.batchSize}
        FOR UPDATE SKIP LOCKED`);
      for (const row of rows) {
        const mismatch = this.options.checkPayloads && payloadMismatch(row.name, row.payload);
        if (mismatch) throw new Error(`outbox event ${row.id}: ${mismatch}`);
        const event: DeliveredEvent = {
          id: row.id,
          name: row.name,
          payload: row.payload,
          occurredAt: new Date(row.occurred_at),
        };
        const done = await tx
          .select({ subscriber: outboxDeliveries.subscriber })
          .from(outboxDeliveries)
          .where(eq(outboxDeliveries.eventId, row.id));
        const delivered = new Set(done.map((d) => d.subscriber));
        let failure: unknown;
        for (const subscriber of this.bus.subscribersOf(row.name)) {
          if (delivered.has(subscriber.name)) continue;
          try {
            // A savepoint: a throwing subscriber rolls back only its own effects.
            await tx.transaction(async (sp) => {
              await subscriber.handle(event, sp);
              await sp
                .insert(outboxDeliveries)
                .values({ subscriber: subscriber.name, eventId: row.id });
            });
          } catch (error) {
            failure = error;
            this.log.warn(
              { err: error, eventId: row.id, event: row.name, subscriber: subscriber.name },
              'subscriber failed; the event will be redelivered',
            );
          }
        }
        if (failure === undefined) {
          await tx
            .update(outboxEvents)
            .set({ publishedAt: new Date() })
            .where(eq(outboxEvents.id, row.id));
        } else {
          const delayMs = Math.min(this.retryBaseMs * 2 ** row.attempts, 3_600_000);
          await tx
            .update(outboxEvents)
            .set({
              attempts: row.attempts + 1,
              lastError:
                failure instanceof Error ? failure.message.slice(0, 1000) : String(failure),
              nextAttemptAt: sql`now() + make_interval(secs => ${delayMs / 1000})`,
            })
            .where(and(eq(outboxEvents.id, row.id)));
        }
      }
      return rows.length;
    });
  }
}
