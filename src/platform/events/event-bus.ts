import type { Tx } from '../db/database.js';
import type { DeliveredEvent } from './outbox.js';

/**
 * Handles one event inside the relay's transaction. Database effects made
 * through `tx` commit together with the delivery record, so they happen once.
 * Effects outside the database (mail, sockets) go through jobs.
 */
export type EventHandler<P extends object = Record<string, unknown>> = (
  event: DeliveredEvent<P>,
  tx: Tx,
) => Promise<void>;

export interface Subscriber {
  /** Stable and unique: it keys the delivery records. */
  name: string;
  /** Event names, or `*` for every event. */
  events: readonly string[];
  handle: EventHandler;
}

/** The registry of in-process subscribers that the relay delivers to. */
export class EventBus {
  private readonly subscribers = new Map<string, Subscriber>();

  subscribe<P extends object>(
    name: string,
    events: readonly string[],
    handle: EventHandler<P>,
  ): void {
    if (this.subscribers.has(name)) throw new Error(`subscriber "${name}" is already registered`);
    this.subscribers.set(name, { name, events, handle: handle as unknown as EventHandler });
  }

  subscribersOf(eventName: string): Subscriber[] {
    return [...this.subscribers.values()].filter(
      (s) => s.events.includes('*') || s.events.includes(eventName),
    );
  }
}
