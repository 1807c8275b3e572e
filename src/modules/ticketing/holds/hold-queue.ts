import type pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import { BatchTimeoutError, KeyedBatcher, type BatchOptions } from '../../../platform/batching.js';
import { serviceUnavailable } from '../../../platform/http/errors.js';
import {
  holdBatch,
  holdInOneStatement,
  type CommitMode,
  type HoldOutcome,
  type HoldRequest,
} from './holds.repository.js';

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
export class HoldQueue {
  private readonly batches: KeyedBatcher<string, HoldRequest, HoldOutcome>;

  constructor(
    private readonly pool: pg.Pool,
    private readonly gates: TicketTypeGates,
    private readonly log: FastifyBaseLogger,
    batching: BatchOptions,
    private readonly commit: CommitMode,
  ) {
    this.batches = new KeyedBatcher(
      (_key, requests) =>
        holdBatch(pool, requests, commit).catch((error: unknown) => {
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
      () => holdInOneStatement(this.pool, request, this.commit),
    );
  }
}

/**
 * Keeps a rush on one ticket type from hurting everyone else.
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
