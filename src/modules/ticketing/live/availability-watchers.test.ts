import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventAvailability } from './availability-data.js';
import { AvailabilityWatchers } from './availability-watchers.js';

const log = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;

/**
 * The coalescer's timing on its own, with a stand-in for the database read
 * (a counter that changes when the test says): when reads happen and what
 * watchers get. The real reads, notifications and sockets are covered by
 * availability-coalescing.test.ts.
 */
function setup(intervalMs = 100) {
  const state = { held: 0, reads: 0, fail: false };
  let release: (() => void) | undefined;
  const gate = { hold: false };
  const read = async (eventId: number): Promise<EventAvailability> => {
    state.reads++;
    const held = state.held;
    if (gate.hold) await new Promise<void>((resolve) => (release = resolve));
    if (state.fail) throw new Error('database away');
    return {
      eventId,
      eventStatus: 'published',
      onSale: true,
      at: new Date().toISOString(),
      ticketTypes: [
        { id: 1, name: 'GA', capacity: 10, sold: 0, held, available: 10 - held, status: 'low' },
      ],
    };
  };
  const watchers = new AvailabilityWatchers(read, intervalMs, log);
  const got: number[] = [];
  const unwatch = watchers.watch(7, (a) => got.push(a.ticketTypes[0]!.held));
  return { state, gate, release: () => release?.(), watchers, got, unwatch };
}

/** Lets pending promise callbacks run (reads resolve on the microtask queue). */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('AvailabilityWatchers', () => {
  it('sends the first change at once, then one trailing send per window with the latest', async () => {
    const { state, watchers, got } = setup();
    state.held = 1;
    watchers.changed(7);
    await settle();
    expect(got).toEqual([1]);
    for (let i = 2; i <= 50; i++) {
      state.held = i;
      watchers.changed(7);
    }
    await settle();
    expect(got).toEqual([1]);
    await vi.advanceTimersByTimeAsync(99);
    expect(got).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(got).toEqual([1, 50]);
    expect(state.reads).toBe(2);
    // Quiet for a window: the next change goes out at once again.
    await vi.advanceTimersByTimeAsync(500);
    state.held = 51;
    watchers.changed(7);
    await settle();
    expect(got).toEqual([1, 50, 51]);
  });

  it('sends nothing for a change that moved no number', async () => {
    const { state, watchers, got } = setup(0);
    state.held = 1;
    watchers.changed(7);
    await settle();
    watchers.changed(7);
    await settle();
    expect(state.reads).toBe(2);
    expect(got).toEqual([1]);
    state.held = 2;
    watchers.changed(7);
    await settle();
    expect(got).toEqual([1, 2]);
  });

  it('reads again after a read that a change overtook, so the last send is never stale', async () => {
    const { state, gate, release, watchers, got } = setup(0);
    gate.hold = true;
    state.held = 1;
    watchers.changed(7);
    // Committed after the read began: the read in flight cannot have seen it.
    state.held = 2;
    watchers.changed(7);
    watchers.changed(7);
    gate.hold = false;
    release();
    await settle();
    await settle();
    expect(got).toEqual([1, 2]);
    expect(state.reads).toBe(2);
  });

  it('retries a failed read, and stops reading for an event nobody watches', async () => {
    const { state, watchers, got, unwatch } = setup();
    state.fail = true;
    state.held = 3;
    watchers.changed(7);
    await settle();
    expect(got).toEqual([]);
    state.fail = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(got).toEqual([3]);
    // A change, then the last watcher leaves before the window ends: no read.
    watchers.changed(7);
    const reads = state.reads;
    const idle = vi.fn();
    watchers.on('idle', idle);
    unwatch();
    expect(idle).toHaveBeenCalledWith(7);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(state.reads).toBe(reads);
    expect(watchers.size).toBe(0);
  });

  it('hands a new watcher the last read while no change came since, else reads', async () => {
    const { state, watchers } = setup();
    state.held = 4;
    watchers.changed(7);
    await settle();
    const reads = state.reads;
    expect((await watchers.current(7, true))!.ticketTypes[0]!.held).toBe(4);
    expect(state.reads).toBe(reads);
    // Not hearing changes: the cached read cannot be trusted.
    await watchers.current(7, false);
    expect(state.reads).toBe(reads + 1);
    state.held = 5;
    watchers.changed(7);
    expect((await watchers.current(7, true))!.ticketTypes[0]!.held).toBe(5);
  });
});
