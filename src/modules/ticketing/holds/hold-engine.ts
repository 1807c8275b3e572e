import type { BatchOptions } from '../../../platform/batching.js';
import type { Platform } from '../../../platform/platform.js';
import { AvailabilityAnnouncer, type Announce } from './availability-announcer.js';
import { HoldQueue, TicketTypeGates } from './hold-queue.js';
import type { CommitMode, HoldOutcome, HoldRequest } from './holds.repository.js';
import { LapsedHoldSweeps } from './lapsed-hold-sweeps.js';
import { SoldOutHints } from './sold-out-hints.js';

export type { HoldRequest } from './holds.repository.js';

/** What a hold came to, as the use case answers it. */
export type HoldAnswer =
  | { kind: 'held'; createdAt: Date }
  /** The buyer already has `seatsBefore` seats of the event: the per-person limit refused. */
  | { kind: 'limit'; seatsBefore: number }
  /** This item of the request (the first short one) has only `available` seats left. */
  | { kind: 'soldOut'; ticketTypeId: number; quantity: number; available: number };

/**
 * The hold engine: how seats are held fast under a rush. Its parts (the hold
 * queue, sold-out hints, lapsed-hold sweeps, the availability announcer)
 * stay behind this door.
 */
export interface HoldEngine {
  /**
   * Holds the request's seats all or nothing: answers "sold out" from a
   * fresh hint without a round trip, sweeps lapsed holds of the types once
   * before answering "sold out", and announces availability after a hold.
   */
  hold(request: HoldRequest): Promise<HoldAnswer>;
  /** This process gave seats of these types back: hints about them are void. */
  seatsReturned(ticketTypeIds: number[]): void;
  /** Writes pending availability announcements now (tests and shutdown). */
  flush(): Promise<void>;
}

/** What the engine needs from the rest of ticketing and from the catalogue. */
export interface HoldEngineParts {
  /** Expires the lapsed holds of these ticket types now; returns how many. */
  sweepLapsed(ticketTypeIds: number[]): Promise<number>;
  /** Writes the availability of these types of an event, in `tx`. */
  announce: Announce;
  /** The catalogue's change mark of a ticket type (undefined: not known yet). */
  changeMark(eventId: number, ticketTypeId: number): number | undefined;
}

export interface HoldEngineOptions {
  /** Commit holds without waiting for the WAL flush (ADR 0007). */
  asyncCommit: boolean;
  /** Multi-type hold transactions per ticket type at once. */
  gateSize: number;
  batching: BatchOptions;
  announceDelayMs: number;
}

/** The engine's settings from the platform's configuration. */
export const holdEngineOptions = (platform: Platform): HoldEngineOptions => ({
  asyncCommit: platform.config.ticketing.asyncCommitHolds,
  // A few multi-type hold transactions per ticket type at once: enough to keep its row busy.
  gateSize: Math.max(2, Math.floor(platform.config.databasePoolMax / 4)),
  // 64 buyers a batch: each takes its user's advisory lock, and PostgreSQL's
  // shared lock table is sized max_locks_per_transaction (64) per connection.
  batching: { maxBatch: 64, maxInFlight: 2, timeoutMs: 10_000 },
  announceDelayMs: 200,
});

/** Builds the hold engine on the platform's pool. */
export function createHoldEngine(
  platform: Platform,
  parts: HoldEngineParts,
  options: HoldEngineOptions = holdEngineOptions(platform),
): HoldEngine {
  const commit: CommitMode = options.asyncCommit ? 'async' : 'sync';
  const queue = new HoldQueue(
    platform.database.pool,
    new TicketTypeGates(options.gateSize),
    platform.log,
    options.batching,
    commit,
  );
  const sweeps = new LapsedHoldSweeps((ids) => parts.sweepLapsed(ids));
  const hints = new SoldOutHints();
  const announcer = new AvailabilityAnnouncer(
    platform.database,
    platform.log,
    parts.announce,
    options.announceDelayMs,
  );

  const shortItem = (request: HoldRequest, available: Map<number, number>): HoldAnswer => {
    const item =
      request.items.find((i) => (available.get(i.ticketTypeId) ?? 0) < i.quantity) ??
      request.items[0]!;
    const left = available.get(item.ticketTypeId) ?? 0;
    return {
      kind: 'soldOut',
      ticketTypeId: item.ticketTypeId,
      quantity: item.quantity,
      available: left,
    };
  };

  return {
    async hold(request) {
      const typeIds = request.items.map((i) => i.ticketTypeId);
      // Read before the hold is sent: a change notified after it voids what the hold finds.
      const marks = new Map(typeIds.map((id) => [id, parts.changeMark(request.eventId, id)]));
      for (const item of request.items) {
        const left = hints.available(item.ticketTypeId, marks.get(item.ticketTypeId));
        if (left !== undefined && left < item.quantity)
          return {
            kind: 'soldOut',
            ticketTypeId: item.ticketTypeId,
            quantity: item.quantity,
            available: left,
          };
      }
      let outcome: HoldOutcome = await queue.hold(request);
      // Before answering "sold out", take back the seats of holds that have lapsed, once.
      if (outcome.kind === 'short' && outcome.lapsed && (await sweeps.sweep(typeIds)) > 0)
        outcome = await queue.hold(request);
      if (outcome.kind === 'short') {
        if (!outcome.lapsed) hints.remember(outcome.available, marks, outcome.nextLapse);
        return shortItem(request, outcome.available);
      }
      if (outcome.kind === 'held') announcer.touch(request.eventId, typeIds);
      return outcome;
    },
    seatsReturned: (ticketTypeIds) => hints.forget(ticketTypeIds),
    flush: () => announcer.flush(),
  };
}
