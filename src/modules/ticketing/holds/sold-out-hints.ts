interface Hint {
  available: number;
  mark: number;
  until: number;
}

/**
 * Remembers, per ticket type, how many seats a hold statement found left when
 * it had to refuse, so that the next buyers asking for more are told "sold
 * out" without a round trip. A hint counts only while nothing can have given
 * seats of that type back: the catalogue has notified no change of the event
 * or of the type's counters since (its change mark for the type is the same;
 * every release, sale or edit notifies, and sales of the event's other types
 * do not count) and no active hold has lapsed yet (a lapsed hold is swept by
 * the buyer who finds the type short). Notifications take a few milliseconds
 * to arrive, so a refusal can be that much behind a release, as a read a
 * moment earlier would be.
 */
export class SoldOutHints {
  private readonly hints = new Map<number, Hint>();

  constructor(private readonly maxAgeMs = 60_000) {}

  /** What is left of the type if a hint still counts, else undefined. */
  available(ticketTypeId: number, mark: number | undefined, now = Date.now()): number | undefined {
    const hint = this.hints.get(ticketTypeId);
    if (!hint) return undefined;
    if (mark === undefined || hint.mark !== mark || now >= hint.until) {
      this.hints.delete(ticketTypeId);
      return undefined;
    }
    return hint.available;
  }

  /**
   * Drops the hints of these types: this process is giving seats back (its
   * own next buyers need not wait for the notification).
   */
  forget(ticketTypeIds: number[]): void {
    for (const id of ticketTypeIds) this.hints.delete(id);
  }

  /**
   * Records what a refused hold found, with each type's change mark read
   * before that hold was sent (a change notified meanwhile makes the hint
   * stale at once).
   */
  remember(
    available: Map<number, number>,
    marks: Map<number, number | undefined>,
    nextLapse: Date | null,
    now = Date.now(),
  ): void {
    const until = Math.min(now + this.maxAgeMs, nextLapse?.getTime() ?? Infinity);
    if (this.hints.size >= 10_000) this.hints.clear();
    for (const [id, left] of available) {
      const mark = marks.get(id);
      if (mark !== undefined) this.hints.set(id, { available: left, mark, until });
    }
  }
}
