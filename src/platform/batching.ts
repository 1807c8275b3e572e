/**
 * Group commit for concurrent work: requests pushed while a batch is running
 * wait, and go together as the next batch when it ends. An idle batcher sends
 * at the end of the current turn of the event loop (setImmediate, not a
 * timer), so everything that arrived in that turn goes together: a burst of
 * answers resumes many requests in one turn, and sending the first of them
 * alone would make the rest wait a whole round trip behind it. A lone request
 * waits only for the turn to end; under a crowd many requests share one round
 * trip (and one transaction) instead of queueing for it one by one.
 *
 * `run` answers each input of a batch, in order. If it throws, every request
 * of that batch gets the error; later batches still run.
 */
export interface BatchOptions {
  /** Most requests in one batch. */
  maxBatch: number;
  /** Most batches running at once. */
  maxInFlight: number;
  /** A batch still unanswered after this long fails with BatchTimeoutError. */
  timeoutMs: number;
}

/** A batch took longer than its deadline; its requests failed (it may still complete). */
export class BatchTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`batch unanswered after ${timeoutMs} ms`);
    this.name = 'BatchTimeoutError';
  }
}

export class Batcher<In, Out> {
  private queue: { input: In; resolve: (out: Out) => void; reject: (error: unknown) => void }[] =
    [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly run: (inputs: In[]) => Promise<Out[]>,
    private readonly options: BatchOptions,
    private readonly onIdle?: () => void,
  ) {}

  push(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (!this.scheduled && this.running < this.options.maxInFlight) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.drain();
        });
      }
    });
  }

  /** True when nothing runs, waits or is about to be sent. */
  get idle(): boolean {
    return this.running === 0 && this.queue.length === 0 && !this.scheduled;
  }

  private drain(): void {
    while (this.running < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.running++;
      let answered: Promise<Out[]>;
      try {
        answered = this.run(batch.map((b) => b.input));
      } catch (error) {
        answered = Promise.reject(error);
      }
      let done = false;
      // A batch that never answers must not hold up every later request: past
      // the deadline its requests fail and its slot is given back (a late
      // answer is then dropped).
      const deadline = setTimeout(
        () => finish(new BatchTimeoutError(this.options.timeoutMs)),
        this.options.timeoutMs,
      );
      const finish = (outcome: Out[] | { error: unknown } | BatchTimeoutError) => {
        if (done) return;
        done = true;
        clearTimeout(deadline);
        if (Array.isArray(outcome) && outcome.length === batch.length)
          batch.forEach((b, i) => b.resolve(outcome[i]!));
        else {
          const error = Array.isArray(outcome)
            ? new Error(`batch answered ${outcome.length} of ${batch.length} requests`)
            : outcome instanceof BatchTimeoutError
              ? outcome
              : outcome.error;
          for (const b of batch) b.reject(error);
        }
        this.running--;
        this.drain();
        if (this.idle) this.onIdle?.();
      };
      answered.then(finish, (error: unknown) => finish({ error }));
    }
  }
}

/**
 * Batchers by key (a ticket type, say): work on one key is grouped, work on
 * different keys runs side by side. A key's batcher is dropped when idle.
 */
export class KeyedBatcher<Key, In, Out> {
  private readonly batchers = new Map<Key, Batcher<In, Out>>();

  constructor(
    private readonly run: (key: Key, inputs: In[]) => Promise<Out[]>,
    private readonly options: BatchOptions,
  ) {}

  push(key: Key, input: In): Promise<Out> {
    let batcher = this.batchers.get(key);
    if (!batcher) {
      const created = new Batcher<In, Out>(
        (inputs) => this.run(key, inputs),
        this.options,
        () => {
          if (this.batchers.get(key) === created) this.batchers.delete(key);
        },
      );
      this.batchers.set(key, created);
      batcher = created;
    }
    return batcher.push(input);
  }
}
