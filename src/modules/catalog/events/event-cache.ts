import pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import { SaleRulesCache } from '../sales/sale-rules-cache.js';

/**
 * The channel the catalogue's triggers notify when an event or its parts
 * change: the event id, or `<id>:counters:<ticket type id>` when only a
 * type's seat counters moved (`<id>:counters` from older triggers).
 */
export const CHANGE_CHANNEL = 'catalog_event_changed';
const RETRY_MS = [100, 500, 1_000, 5_000];

/** The payload saying that list order changed but no event's representation did (popularity). */
export const LISTS_CHANGED = '0';

/** Reads a change notification's payload. */
export function parseChange(payload: string | undefined): {
  id: number;
  countersOnly: boolean;
  ticketTypeId?: number;
} {
  const [id, kind, type] = (payload ?? '').split(':');
  const ticketTypeId = Number(type);
  return {
    id: Number(id),
    countersOnly: kind === 'counters',
    ...(kind === 'counters' && Number.isInteger(ticketTypeId) && ticketTypeId > 0
      ? { ticketTypeId }
      : {}),
  };
}

interface Entry {
  etag: string;
  body: string;
}

/** Told the id of an event whose representation or seat counters changed (after commit). */
/**
 * Told of each change to an event this process hears of; `null` when changes
 * may have been missed (the listening connection was lost and is back), so
 * that anything derived from any event must be read again.
 */
export type EventChangeListener = (eventId: number | null) => void;

/**
 * Serialized public event pages and list pages, kept per process. Entries are
 * dropped when PostgreSQL notifies a change (after commit, from any process)
 * and right after this process's own commits. A read that started before an
 * invalidation never stores its result (generation check), so a stale page
 * cannot outlive the notification that should have removed it. The same
 * notifications are handed to other modules' change listeners (live
 * availability), so one connection per process listens for all of them.
 */
export class EventCache {
  private readonly events = new Map<number, Entry>();
  private readonly lists = new Map<string, { body: string; expires: number }>();
  private readonly changeListeners: EventChangeListener[] = [];
  private generation = 0;
  private listener?: pg.Client;
  private closed = false;
  private attempt = 0;
  /** Sale rules for ticketing: dropped on edits only, not on seat counter changes. */
  readonly sale = new SaleRulesCache(() => this.enabled);

  constructor(
    /** False (CATALOG_CACHE=false): notifications still reach change listeners, nothing is cached. */
    private readonly caching = true,
    private readonly maxEntries = 10_000,
    private readonly listTtlMs = 5_000,
  ) {}

  /** Adds a listener told of every event change this process hears of. */
  onChange(listener: EventChangeListener): void {
    this.changeListeners.push(listener);
  }

  /**
   * Starts listening for changes; until then nothing is cached. A lost
   * connection turns caching off and is opened again (with backoff); once back,
   * the listeners are told that anything may have changed meanwhile.
   */
  async listen(url: string, log: FastifyBaseLogger): Promise<void> {
    this.closed = false;
    const client = new pg.Client({
      connectionString: url,
      application_name: 'marquee-catalog-cache',
    });
    client.on('notification', (message) => {
      if (message.payload === LISTS_CHANGED) return this.invalidateLists();
      const change = parseChange(message.payload);
      if (change.countersOnly) {
        this.invalidatePages(change.id);
        this.sale.touched(change.id, change.ticketTypeId);
      } else this.invalidate(change.id);
      if (Number.isInteger(change.id) && change.id > 0) this.tell(change.id, log);
    });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost || this.closed) return;
      lost = true;
      log.warn({ err: error }, 'catalogue change listener lost; caching off until it is back');
      if (this.listener === client) this.listener = undefined;
      this.clear();
      void client.end().catch(() => {});
      this.reconnect(url, log);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    await client.connect();
    await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    this.listener = client;
    this.attempt = 0;
  }

  private reconnect(url: string, log: FastifyBaseLogger): void {
    const wait = RETRY_MS[Math.min(this.attempt++, RETRY_MS.length - 1)]!;
    setTimeout(() => {
      if (this.closed) return;
      this.listen(url, log).then(
        () => {
          log.info('catalogue change listener is back');
          // Whatever changed while nobody listened was not heard: read it all again.
          this.clear();
          this.tell(null, log);
        },
        () => this.reconnect(url, log),
      );
    }, wait).unref();
  }

  get enabled(): boolean {
    return this.caching && this.listener !== undefined;
  }

  private tell(eventId: number | null, log: FastifyBaseLogger): void {
    for (const listener of this.changeListeners) {
      // One listener's failure must not keep the change from the others.
      try {
        listener(eventId);
      } catch (error) {
        log.warn({ err: error, eventId }, 'event change listener failed');
      }
    }
  }

  /** A token to pass to `set*`: the write is skipped if anything changed meanwhile. */
  mark(): number {
    return this.generation;
  }

  getEvent(id: number): Entry | undefined {
    return this.events.get(id);
  }

  setEvent(id: number, entry: Entry, mark: number): void {
    if (!this.enabled || mark !== this.generation) return;
    if (this.events.size >= this.maxEntries) this.events.delete(this.events.keys().next().value!);
    this.events.set(id, entry);
  }

  getList(key: string): string | undefined {
    const hit = this.lists.get(key);
    if (!hit) return undefined;
    // Lists depend on the clock too (upcoming events end), hence a short lifetime.
    if (hit.expires < Date.now()) {
      this.lists.delete(key);
      return undefined;
    }
    return hit.body;
  }

  setList(key: string, body: string, mark: number): void {
    if (!this.enabled || mark !== this.generation) return;
    if (this.lists.size >= this.maxEntries) this.lists.delete(this.lists.keys().next().value!);
    this.lists.set(key, { body, expires: Date.now() + this.listTtlMs });
  }

  /** Drops what shows availability: the event's page and every list. */
  invalidatePages(id: number): void {
    this.invalidateLists();
    this.events.delete(id);
  }

  /** Drops list pages only: event pages (and their ETags) are still right. */
  invalidateLists(): void {
    this.generation++;
    this.lists.clear();
  }

  /** Drops everything about the event: called after this process commits a change, and on notice. */
  invalidate(id: number): void {
    this.invalidatePages(id);
    this.sale.invalidate(id);
  }

  clear(): void {
    this.generation++;
    this.events.clear();
    this.lists.clear();
    this.sale.clear();
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.listener;
    this.listener = undefined;
    this.clear();
    await client?.end().catch(() => {});
  }
}
