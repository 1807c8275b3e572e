import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../platform/db/database.js';
import { eventViews } from './community.tables.js';
import { hourStartMs } from './ranking.js';

/**
 * Who viewed: the user when signed in, otherwise IP and user agent. This raw
 * identity stays in memory only until the next flush; what is stored is its
 * hash (`hashViewer`), so the read path pays for a string, not a digest.
 */
export function viewerKey(input: { userId?: string | null; ip: string; userAgent?: string }) {
  return input.userId ? `u:${input.userId}` : `a:${input.ip}|${input.userAgent ?? ''}`;
}

/** The stored form of a viewer key: never the raw IP or user agent. */
export function hashViewer(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 22);
}

interface PendingView {
  eventId: number;
  hour: Date;
  viewer: string;
}

const CHUNK = 1000;

/**
 * Counts event views without writing on the read path: views are collected
 * in memory (already deduplicated per viewer per hour) and flushed in batches
 * on a timer, when the batch grows large, and at shutdown. The table's key
 * deduplicates across flushes and processes.
 */
export class ViewCounter {
  private pending = new Map<string, PendingView>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<number> | undefined;

  constructor(
    private readonly database: Database,
    private readonly log: FastifyBaseLogger,
    private readonly maxPending = 10_000,
  ) {}

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Notes one view; cheap and synchronous (it runs on every event read). */
  record(eventId: number, viewer: string, at: number = Date.now()): void {
    const hourMs = hourStartMs(at);
    const key = `${eventId}|${hourMs}|${viewer}`;
    if (this.pending.has(key)) return;
    this.pending.set(key, { eventId, hour: new Date(hourMs), viewer });
    if (this.pending.size >= this.maxPending) void this.flush();
  }

  /** Writes what is pending; concurrent calls share one flush. Resolves to the rows offered. */
  flush(): Promise<number> {
    if (this.flushing) return this.flushing.then(() => this.flush());
    if (this.pending.size === 0) return Promise.resolve(0);
    const batch = [...this.pending.values()].map((view) => ({
      ...view,
      viewer: hashViewer(view.viewer),
    }));
    this.pending = new Map();
    this.flushing = this.write(batch).finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async write(batch: PendingView[]): Promise<number> {
    try {
      for (let i = 0; i < batch.length; i += CHUNK) {
        await this.database.db
          .insert(eventViews)
          .values(batch.slice(i, i + CHUNK))
          .onConflictDoNothing();
      }
    } catch (error) {
      // Views are analytics: losing one batch is better than blocking or retrying forever.
      this.log.warn({ err: error, views: batch.length }, 'could not record event views');
    }
    return batch.length;
  }

  start(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
