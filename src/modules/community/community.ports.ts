import type { Executor, Tx } from '../../platform/db/database.js';

/** What community needs to know of a catalogue event. */
export interface CatalogEvent {
  id: number;
  category: string;
  title: string;
  status: string;
  startsAt: string | null;
  endsAt: string | null;
}

/**
 * The catalogue and identity reads community depends on, bound in the
 * manifest to those modules' APIs. Kept as one small interface so the
 * dependency direction (community -> catalog, identity) is explicit.
 */
export interface CommunityPorts<E extends CatalogEvent = CatalogEvent> {
  /** Published events among `ids`, in the order of `ids`. */
  eventsByIds(db: Executor, ids: number[]): Promise<E[]>;
  /** Upcoming published public events (soonest first), at most `limit`. */
  upcomingEvents(db: Executor, limit: number): Promise<E[]>;
  /** Hands the complete set of scores to the catalogue, for its `sort=popularity`. */
  setEventPopularity(tx: Tx, scores: ReadonlyMap<number, number>): Promise<unknown>;
  /** The user's favourite categories from their profile preferences. */
  preferredCategories(userId: string): Promise<string[]>;
}
