import { EventEmitter } from 'node:events';
import type { FastifyBaseLogger } from 'fastify';
import type { EventAvailability } from './availability-data.js';

/** Gets each availability sent for the event it watches. */
export type AvailabilityConsumer = (availability: EventAvailability) => void;

/** Reads an event's availability now (null when the event is gone). */
export type AvailabilityReader = (eventId: number) => Promise<EventAvailability | null>;

interface Watch {
  consumers: Set<AvailabilityConsumer>;
  /** When the last read began (ms); the next may begin `intervalMs` later. */
  lastReadAt: number;
  timer: NodeJS.Timeout | undefined;
  reading: boolean;
  /** A change arrived during the read in flight: read again after it. */
  dirty: boolean;
  /** What the last read found, while no change has been heard since it began. */
  latest: EventAvailability | null;
  /** The state last sent (without its time): an unchanged state is not sent again. */
  sent: string | null;
}

/** What a watcher sees change: the event's status and its numbers, not the time of the read. */
const stateOf = (a: EventAvailability) => JSON.stringify([a.eventStatus, a.onSale, a.ticketTypes]);

/** After a failed read, the next try waits at least this long. */
const RETRY_MS = 1_000;

/**
 * This process's watchers of events' live availability (the socket channel
 * and the SSE streams) and the one coalescer that feeds them all. The first
 * change of an event is read and sent at once; later ones at most once per
 * `intervalMs` per event, the last always sent (a trailing read), however
 * many changes a rush brings. Each send reads the numbers once for every
 * watcher; reads of one event never overlap, so they are sent in order.
 *
 * Emits `idle` (eventId) when an event loses its last watcher.
 */
export class AvailabilityWatchers extends EventEmitter {
  private readonly watches = new Map<number, Watch>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly read: AvailabilityReader,
    private readonly intervalMs: number,
    private readonly log: FastifyBaseLogger,
  ) {
    super();
  }

  /** Starts sending the event's changes to `consumer`; call the answer to stop. */
  watch(eventId: number, consumer: AvailabilityConsumer): () => void {
    let watch = this.watches.get(eventId);
    if (!watch) {
      watch = {
        consumers: new Set(),
        lastReadAt: -Infinity,
        timer: undefined,
        reading: false,
        dirty: false,
        latest: null,
        sent: null,
      };
      this.watches.set(eventId, watch);
    }
    watch.consumers.add(consumer);
    const watched = watch;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      watched.consumers.delete(consumer);
      if (watched.consumers.size > 0 || this.watches.get(eventId) !== watched) return;
      clearTimeout(watched.timer);
      this.watches.delete(eventId);
      this.emit('idle', eventId);
    };
  }

  /** How many consumers watch the event on this process. */
  count(eventId: number): number {
    return this.watches.get(eventId)?.consumers.size ?? 0;
  }

  /** How many events are watched on this process. */
  get size(): number {
    return this.watches.size;
  }

  /**
   * The event's availability for a new watcher: what the last read found if
   * no change was heard since it began (`fresh` says changes are heard at
   * all), else a read now.
   */
  async current(eventId: number, fresh: boolean): Promise<EventAvailability | null> {
    const watch = this.watches.get(eventId);
    if (fresh && watch?.latest && !watch.reading && !watch.dirty && !watch.timer)
      return watch.latest;
    return this.read(eventId);
  }

  /** The catalogue notified a change of the event (after its commit). */
  /** Changes may have been missed (the catalogue's listener was away): every watched event is read again. */
  changedAll(): void {
    for (const eventId of this.watches.keys()) this.changed(eventId);
  }

  changed(eventId: number): void {
    const watch = this.watches.get(eventId);
    if (!watch || this.stopped) return;
    watch.latest = null;
    if (watch.reading) {
      watch.dirty = true;
      return;
    }
    // A read is already due: it will see this change too.
    if (watch.timer) return;
    this.schedule(eventId, watch, watch.lastReadAt + this.intervalMs - Date.now());
  }

  private schedule(eventId: number, watch: Watch, waitMs: number): void {
    if (waitMs <= 0) return this.send(eventId, watch);
    watch.timer = setTimeout(() => {
      watch.timer = undefined;
      this.send(eventId, watch);
    }, waitMs);
  }

  private send(eventId: number, watch: Watch): void {
    if (this.stopped || this.watches.get(eventId) !== watch) return;
    watch.reading = true;
    watch.dirty = false;
    watch.lastReadAt = Date.now();
    let failed = false;
    const work = this.read(eventId)
      .then((availability) => {
        if (!availability || this.watches.get(eventId) !== watch) return;
        if (!watch.dirty) watch.latest = availability;
        // A change that moved no number (a title edit, a view count) sends nothing.
        const state = stateOf(availability);
        if (state === watch.sent) return;
        watch.sent = state;
        for (const consumer of [...watch.consumers]) {
          try {
            consumer(availability);
          } catch (error) {
            this.log.warn({ err: error, eventId }, 'availability watcher failed');
          }
        }
      })
      .catch((error: unknown) => {
        failed = true;
        this.log.warn({ err: error, eventId }, 'reading live availability failed');
      })
      .finally(() => {
        this.inFlight.delete(work);
        watch.reading = false;
        if (this.stopped || this.watches.get(eventId) !== watch) return;
        // The watchers must end up with the latest numbers: a change heard
        // during the read, or a read that failed, is read again.
        if (failed) {
          watch.latest = null;
          this.schedule(eventId, watch, Math.max(this.intervalMs, RETRY_MS));
        } else if (watch.dirty) {
          watch.dirty = false;
          this.schedule(eventId, watch, watch.lastReadAt + this.intervalMs - Date.now());
        }
      });
    this.inFlight.add(work);
  }

  /** Stops reading (shutdown): pending sends are dropped, reads in flight awaited. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const watch of this.watches.values()) clearTimeout(watch.timer);
    await Promise.all([...this.inFlight]);
  }
}
