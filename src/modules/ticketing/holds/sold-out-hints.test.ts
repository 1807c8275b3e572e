import { describe, expect, it } from 'vitest';
import { SoldOutHints } from './sold-out-hints.js';

describe('sold-out hints', () => {
  const now = 1_000_000;

  it('count while the change mark is unchanged and no hold has lapsed', () => {
    const hints = new SoldOutHints(60_000);
    hints.remember(new Map([[7, 1]]), new Map([[7, 5]]), new Date(now + 10_000), now);
    expect(hints.available(7, 5, now + 9_999)).toBe(1);
    expect(hints.available(8, 5, now)).toBe(undefined);
    // A hold lapses: its seats may be swept back, so the hint is gone.
    expect(hints.available(7, 5, now + 10_000)).toBe(undefined);
    expect(hints.available(7, 5, now)).toBe(undefined);
  });

  it('stop counting when any change of the event was heard of, or after a while', () => {
    const hints = new SoldOutHints(60_000);
    hints.remember(new Map([[7, 0]]), new Map([[7, 5]]), null, now);
    expect(hints.available(7, 6, now)).toBe(undefined);
    hints.remember(new Map([[7, 0]]), new Map([[7, 5]]), null, now);
    expect(hints.available(7, 5, now + 59_999)).toBe(0);
    expect(hints.available(7, 5, now + 60_000)).toBe(undefined);
  });

  it('are never kept without change notifications, and are dropped when this process frees seats', () => {
    const hints = new SoldOutHints();
    hints.remember(new Map([[7, 0]]), new Map([[7, undefined]]), null, now);
    expect(hints.available(7, undefined, now)).toBe(undefined);
    hints.remember(new Map([[7, 0]]), new Map([[7, 1]]), null, now);
    hints.forget([7]);
    expect(hints.available(7, 1, now)).toBe(undefined);
  });

  it('keep each type with its own mark', () => {
    const hints = new SoldOutHints();
    hints.remember(
      new Map([
        [7, 0],
        [8, 2],
      ]),
      new Map([
        [7, 5],
        [8, 9],
      ]),
      null,
      now,
    );
    expect(hints.available(7, 5, now)).toBe(0);
    expect(hints.available(8, 9, now)).toBe(2);
    expect(hints.available(8, 5, now)).toBe(undefined);
  });
});
