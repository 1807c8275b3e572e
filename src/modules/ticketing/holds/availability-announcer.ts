import type { FastifyBaseLogger } from 'fastify';
import type { Database, Tx } from '../../../platform/db/database.js';

/** Writes `ticketing.availability.changed` for these types of an event, in `tx`. */
export type Announce = (tx: Tx, eventId: number, ticketTypeIds: number[]) => Promise<void>;

/**
 * Announces availability after holds commit, coalesced per ticket type: one
 * `ticketing.availability.changed` with fresh numbers per `delayMs` however
 * many holds happened, written outside the hold's transaction so the hot row
 * lock is not held for it. The numbers are state, not deltas: if the process
 * dies before announcing, the next change announces the then-current numbers.
 */
export class AvailabilityAnnouncer {
  private readonly pending = new Map<number, Set<number>>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly database: Database,
    private readonly log: FastifyBaseLogger,
    private readonly announce: Announce,
    private readonly delayMs: number,
  ) {}

  touch(eventId: number, ticketTypeIds: number[]): void {
    const set = this.pending.get(eventId) ?? new Set<number>();
    for (const id of ticketTypeIds) set.add(id);
    this.pending.set(eventId, set);
    this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Writes the pending announcements now (tests and shutdown call it). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
    const batch = [...this.pending.entries()];
    this.pending.clear();
    if (batch.length === 0) return;
    this.flushing = this.database
      .transaction(async (tx) => {
        for (const [eventId, ids] of batch) await this.announce(tx, eventId, [...ids]);
      })
      .catch((error: unknown) => this.log.warn({ err: error }, 'availability announcement failed'))
      .finally(() => {
        this.flushing = undefined;
      });
    await this.flushing;
  }
}
