import type { Executor } from '../../../platform/db/database.js';
import { getEventForSale, type EventForSale, type TicketTypeForSale } from './sales-api.js';

/** A ticket type's sale rules: what it costs and when and how many may be bought; no live counters. */
export type TicketTypeRules = Omit<TicketTypeForSale, 'sold' | 'held' | 'available'>;

/** An event's sale rules: status, dates and ticket types, without live counters. */
export interface EventSaleRules extends Omit<EventForSale, 'ticketTypes'> {
  ticketTypes: TicketTypeRules[];
}

function rulesOf(event: EventForSale): EventSaleRules {
  return {
    ...event,
    ticketTypes: event.ticketTypes.map(
      // eslint-disable-next-line @typescript-eslint/no-unused-vars
      ({ sold, held, available, ...rules }) => rules,
    ),
  };
}

/**
 * Sale rules per event, kept per process so that a seat hold does not read
 * the event and its ticket types every time. Entries are dropped when the
 * catalogue notifies an edit of the event or its parts (not when only seat
 * counters change) and right after this process's own edits. Concurrent
 * misses for one event share one read; a read that started before an
 * invalidation is handed to its callers but never stored. Without a live
 * listener nothing is cached.
 */
export class SaleRulesCache {
  private readonly entries = new Map<number, EventSaleRules>();
  private readonly loading = new Map<number, Promise<EventSaleRules | null>>();
  private generation = 0;
  /** Per event: any change; edits (not seat counters); per ticket type: its counters. */
  private readonly marks = new Map<number, number>();
  private readonly editMarks = new Map<number, number>();
  private readonly typeMarks = new Map<number, number>();
  private sequence = 0;
  private base = 0;

  constructor(
    private readonly isLive: () => boolean,
    private readonly maxEntries = 10_000,
  ) {}

  async get(db: Executor, eventId: number): Promise<EventSaleRules | null> {
    if (!this.isLive()) return load(db, eventId);
    const hit = this.entries.get(eventId);
    if (hit) return hit;
    const pending = this.loading.get(eventId);
    if (pending) return pending;
    const mark = this.generation;
    const read = load(db, eventId).finally(() => {
      if (this.loading.get(eventId) === read) this.loading.delete(eventId);
    });
    this.loading.set(eventId, read);
    const rules = await read;
    // A missing event is not cached: creating one does not notify.
    if (rules && mark === this.generation && this.isLive()) {
      if (this.entries.size >= this.maxEntries)
        this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(eventId, rules);
    }
    return rules;
  }

  /**
   * A value that changes whenever the catalogue tells of a change to the
   * event, seat counters included; given a ticket type, of a change to the
   * event other than another type's seat counters. Equal marks mean no such
   * change was notified in between. Undefined without a live listener.
   */
  changeMark(eventId: number, ticketTypeId?: number): number | undefined {
    if (!this.isLive()) return undefined;
    if (ticketTypeId === undefined) return this.marks.get(eventId) ?? this.base;
    // Marks come from one rising sequence, so the larger moves when either does.
    return Math.max(
      this.editMarks.get(eventId) ?? this.base,
      this.typeMarks.get(ticketTypeId) ?? this.base,
    );
  }

  /**
   * Records that the event changed: a ticket type's seat counters, or
   * anything (a notification without a type, or this process's own edit).
   */
  touched(eventId: number, ticketTypeId?: number): void {
    if (this.marks.size + this.typeMarks.size >= 100_000) this.forgetMarks();
    const mark = ++this.sequence;
    this.marks.set(eventId, mark);
    if (ticketTypeId === undefined) this.editMarks.set(eventId, mark);
    else this.typeMarks.set(ticketTypeId, mark);
  }

  invalidate(eventId: number): void {
    this.generation++;
    this.entries.delete(eventId);
    this.loading.delete(eventId);
    this.touched(eventId);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.loading.clear();
    this.forgetMarks();
  }

  /** Every earlier mark stops matching: forgotten events start from a new base. */
  private forgetMarks(): void {
    this.marks.clear();
    this.editMarks.clear();
    this.typeMarks.clear();
    this.base = ++this.sequence;
  }
}

export async function load(db: Executor, eventId: number): Promise<EventSaleRules | null> {
  const event = await getEventForSale(db, eventId);
  return event ? rulesOf(event) : null;
}
