import type { Tx } from '../../platform/db/database.js';
import type { Platform } from '../../platform/platform.js';
import type { IdentityApi } from '../identity/index.js';
import type { EventCache } from './events/event-cache.js';
import type { EventReaders } from './events/event-readers.js';

/**
 * Work that must happen in the same transaction as an event's cancellation
 * (ticketing cancels its orders and releases its holds), so that the answer
 * to the cancellation already shows the seats given back. Downstream modules
 * register it through the catalogue's API; the catalogue knows nothing about
 * them. They still get `catalog.event.cancelled` too, and must find nothing
 * left to do then.
 */
export type EventCancellationStep = (tx: Tx, eventId: number) => Promise<void>;

/** The modules the catalogue calls: identity, for organizer membership (and the sample owner). */
export interface CatalogDeps {
  identity: IdentityApi;
}

/** What the catalogue's use cases share. */
export interface CatalogContext extends CatalogDeps {
  platform: Platform;
  /** This process's caches of event bodies and sale rules, kept fresh by NOTIFY. */
  cache: EventCache;
  /** Other modules' parts in event reads (views, per-reader annotations), wired at composition. */
  readers: EventReaders;
  /** Steps downstream modules run inside every event cancellation's transaction. */
  cancellationSteps: EventCancellationStep[];
}
