import type pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import { BatchTimeoutError, KeyedBatcher, type BatchOptions } from '../../platform/batching.js';
import { serviceUnavailable } from '../../platform/http/errors.js';
import {
  holdBatch,
  holdInOneStatement,
  type HoldOutcome,
  type HoldRequest,
} from './holds.repository.js';
import type { TicketingContext } from './ticketing.context.js';
import { announceAvailability } from './seats.js';

/**
 * Where holds go. A hold of one ticket type joins that type's batch: while
 * batch statements run (two at most, the second waiting for the row lock),
 * the buyers who arrive wait together and go as the next one (group commit),
 * so a rush on a type costs one round trip, one row lock and one commit per
 * batch rather than per buyer, and a lone buyer goes at the end of the
 * event loop's turn. Types are batched apart, so buyers of other types never wait
 * for a rush. A hold of several types at once goes alone, through its types'
 * gates.
 */
export class Holds {
  private readonly batches: KeyedBatcher<string, HoldRequest, HoldOutcome>;

  constructor(
    private readonly pool: pg.Pool,
    private readonly gates: TicketTypeGates,
    private readonly log: FastifyBaseLogger,
    batching: BatchOptions,
  ) {
    this.batches = new KeyedBatcher(
      (_key, requests) =>
        holdBatch(pool, requests).catch((error: unknown) => {
          // Logged once for the batch; each buyer in it gets a 503 to retry.
          this.log.error({ err: error, holds: requests.length }, 'hold batch failed');
          throw serviceUnavailable();
        }),
      batching,
    );
  }

  hold(request: HoldRequest): Promise<HoldOutcome> {
    const { items } = request;
    if (items.length === 1)
      return this.batches
        .push(`${request.eventId}/${items[0]!.ticketTypeId}`, request)
        .catch((error: unknown) => {
          throw error instanceof BatchTimeoutError ? serviceUnavailable() : error;
        });
    return this.gates.run(
      items.map((i) => i.ticketTypeId),
      () => holdInOneStatement(this.pool, request),
    );
  }
}

/**
 * Tools that keep a rush on one ticket type from hurting everyone else.
 *
 * Gate: at most `size` hold transactions per ticket type run at once in this
 * process. The conditional UPDATE serialises them on the row anyway; without
 * the gate, hundreds of buyers of one type would sit on pool connections
 * waiting for that row lock while buyers of other types wait for a connection.
 */
export class TicketTypeGates {
  private readonly gates = new Map<number, { active: number; queue: (() => void)[] }>();

  constructor(private readonly size: number) {}

  /** Runs `work` holding a slot of every listed type (taken in id order, so gates cannot deadlock). */
  async run<T>(ticketTypeIds: number[], work: () => Promise<T>): Promise<T> {
    const ids = [...new Set(ticketTypeIds)].sort((a, b) => a - b);
    for (const id of ids) await this.acquire(id);
    try {
      return await work();
    } finally {
      for (const id of ids) this.release(id);
    }
  }

  private acquire(id: number): Promise<void> {
    let gate = this.gates.get(id);
    if (!gate) {
      gate = { active: 0, queue: [] };
      this.gates.set(id, gate);
    }
    if (gate.active < this.size) {
      gate.active++;
      return Promise.resolve();
    }
    const waiting = gate;
    return new Promise((resolve) => waiting.queue.push(resolve));
  }

  private release(id: number): void {
    const gate = this.gates.get(id)!;
    const next = gate.queue.shift();
    if (next)
      next(); // the slot passes straight to the next waiter
    else if (--gate.active === 0) this.gates.delete(id);
  }
}

/**
 * Sweeps of lapsed holds asked for by buyers who found a type short: one at a
 * time per set of types, shared by every buyer who asks meanwhile (a batch of
 * refused buyers must not start a sweep each, only one of which would find
 * anything to claim). Each gets the number of holds it expired.
 */
export class LapsedSweeps {
  private readonly batches: KeyedBatcher<string, number[], number>;

  constructor(sweep: (ticketTypeIds: number[]) => Promise<number>) {
    this.batches = new KeyedBatcher(
      async (_key, inputs) => {
        const expired = await sweep(inputs[0]!);
        return inputs.map(() => expired);
      },
      { maxBatch: 100_000, maxInFlight: 1, timeoutMs: 30_000 },
    );
  }

  sweep(ticketTypeIds: number[]): Promise<number> {
    const ids = [...new Set(ticketTypeIds)].sort((a, b) => a - b);
    return this.batches.push(ids.join(','), ids);
  }
}

interface Hint {
  available: number;
  mark: number;
  until: number;
}

/**
 * Remembers, per ticket type, how many seats a hold statement found left when
 * it had to refuse, so that the next buyers asking for more are told "sold
 * out" without a round trip. A hint counts only while nothing can have given
 * seats of that type back: the catalogue has notified no change of the event
 * or of the type's counters since (its change mark for the type is the same;
 * every release, sale or edit notifies, and sales of the event's other types
 * do not count) and no active hold has lapsed yet (a lapsed hold is swept by
 * the buyer who finds the type short). Notifications take a few milliseconds
 * to arrive, so a refusal can be that much behind a release, as a read a
 * moment earlier would be.
 */
export class SoldOutHints {
  private readonly hints = new Map<number, Hint>();

  constructor(private readonly maxAgeMs = 60_000) {}

  /** What is left of the type if a hint still counts, else undefined. */
  available(ticketTypeId: number, mark: number | undefined, now = Date.now()): number | undefined {
    const hint = this.hints.get(ticketTypeId);
    if (!hint) return undefined;
    if (mark === undefined || hint.mark !== mark || now >= hint.until) {
      this.hints.delete(ticketTypeId);
      return undefined;
    }
    return hint.available;
  }

  /**
   * Drops the hints of these types: this process is giving seats back (its
   * own next buyers need not wait for the notification).
   */
  forget(ticketTypeIds: number[]): void {
    for (const id of ticketTypeIds) this.hints.delete(id);
  }

  /**
   * Records what a refused hold found, with each type's change mark read
   * before that hold was sent (a change notified meanwhile makes the hint
   * stale at once).
   */
  remember(
    available: Map<number, number>,
    marks: Map<number, number | undefined>,
    nextLapse: Date | null,
    now = Date.now(),
  ): void {
    const until = Math.min(now + this.maxAgeMs, nextLapse?.getTime() ?? Infinity);
    if (this.hints.size >= 10_000) this.hints.clear();
    for (const [id, left] of available) {
      const mark = marks.get(id);
      if (mark !== undefined) this.hints.set(id, { available: left, mark, until });
    }
  }
}

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
    private readonly ctx: () => TicketingContext,
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
    const ctx = this.ctx();
    this.flushing = ctx.platform.database
      .transaction(async (tx) => {
        for (const [eventId, ids] of batch) await announceAvailability(ctx, tx, eventId, [...ids]);
      })
      .catch((error: unknown) =>
        ctx.platform.log.warn({ err: error }, 'availability announcement failed'),
      )
      .finally(() => {
        this.flushing = undefined;
      });
    await this.flushing;
  }
}
