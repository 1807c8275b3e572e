import { describe, expect, it } from 'vitest';
import { Batcher, BatchTimeoutError, KeyedBatcher } from './batching.js';

/** Lets the event loop finish its turn (the batcher sends at the end of one). */
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** A batch runner that records its batches and answers when told to. */
function recorder() {
  const batches: number[][] = [];
  const pending: (() => void)[] = [];
  const run = (inputs: number[]) => {
    batches.push(inputs);
    return new Promise<number[]>((resolve) =>
      pending.push(() => resolve(inputs.map((n) => n * 10))),
    );
  };
  const finishOne = async () => {
    pending.shift()!();
    await turn();
  };
  return { batches, run, finishOne };
}

describe('Batcher', () => {
  it('sends what arrived in one turn together, and gathers what arrives while it runs', async () => {
    const r = recorder();
    const batcher = new Batcher(r.run, { maxBatch: 100, maxInFlight: 1, timeoutMs: 1000 });
    const first = batcher.push(1);
    const alsoFirst = batcher.push(11);
    expect(batcher.idle).toBe(false);
    expect(r.batches).toEqual([]);
    await turn();
    expect(r.batches).toEqual([[1, 11]]);
    const later = [batcher.push(2), batcher.push(3), batcher.push(4)];
    await turn();
    expect(r.batches).toHaveLength(1);
    await r.finishOne();
    expect(await first).toBe(10);
    expect(await alsoFirst).toBe(110);
    expect(r.batches).toEqual([
      [1, 11],
      [2, 3, 4],
    ]);
    await r.finishOne();
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
    expect(batcher.idle).toBe(true);
  });

  it('keeps batches within maxBatch and runs maxInFlight at once', async () => {
    const r = recorder();
    const batcher = new Batcher(r.run, { maxBatch: 2, maxInFlight: 2, timeoutMs: 1000 });
    const answers = [1, 2, 3, 4, 5, 6].map((n) => batcher.push(n));
    await turn();
    expect(r.batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    await r.finishOne();
    expect(r.batches).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    await r.finishOne();
    await r.finishOne();
    expect(await Promise.all(answers)).toEqual([10, 20, 30, 40, 50, 60]);
  });

  it('fails only the batch that failed, and goes on with the next', async () => {
    let calls = 0;
    const batcher = new Batcher<number, number>(
      async (inputs) => {
        calls++;
        if (calls === 2) throw new Error('database went away');
        if (calls === 3) return inputs.slice(1); // an answer short of the batch is an error too
        return inputs;
      },
      { maxBatch: 10, maxInFlight: 1, timeoutMs: 1000 },
    );
    const first = batcher.push(1);
    await turn();
    const second = [batcher.push(2), batcher.push(3)];
    await expect(first).resolves.toBe(1);
    await expect(Promise.all(second)).rejects.toThrow('database went away');
    await expect(batcher.push(4)).rejects.toThrow('batch answered 0 of 1 requests');
    await expect(batcher.push(5)).resolves.toBe(5);
  });

  it('fails a batch that outlives its deadline, frees its slot, and drops its late answer', async () => {
    let answerLate: (outs: number[]) => void = () => {};
    let calls = 0;
    const batcher = new Batcher<number, number>(
      (inputs) => {
        calls++;
        if (calls === 1) return new Promise((resolve) => (answerLate = resolve));
        return Promise.resolve(inputs);
      },
      { maxBatch: 10, maxInFlight: 1, timeoutMs: 20 },
    );
    const stuck = batcher.push(1);
    await expect(stuck).rejects.toBeInstanceOf(BatchTimeoutError);
    // The slot is free again: the next request does not wait for the stuck one.
    await expect(batcher.push(2)).resolves.toBe(2);
    answerLate([1]);
    await turn();
    expect(batcher.idle).toBe(true);
  });

  it('a runner that throws synchronously fails its batch, not the caller', async () => {
    const batcher = new Batcher<number, number>(
      () => {
        throw new Error('bad input');
      },
      { maxBatch: 10, maxInFlight: 1, timeoutMs: 1000 },
    );
    await expect(batcher.push(1)).rejects.toThrow('bad input');
    expect(batcher.idle).toBe(true);
  });
});

describe('KeyedBatcher', () => {
  it('batches per key, runs keys side by side, and forgets idle keys', async () => {
    const seen: string[] = [];
    const release: (() => void)[] = [];
    const keyed = new KeyedBatcher<string, number, string>(
      (key, inputs) => {
        seen.push(`${key}:${inputs.join(',')}`);
        return new Promise((resolve) =>
          release.push(() => resolve(inputs.map((n) => `${key}${n}`))),
        );
      },
      { maxBatch: 10, maxInFlight: 1, timeoutMs: 1000 },
    );
    const a = [keyed.push('a', 1)];
    const b = keyed.push('b', 1);
    await turn();
    a.push(keyed.push('a', 2), keyed.push('a', 3));
    expect(seen).toEqual(['a:1', 'b:1']);
    release.shift()!();
    await turn();
    expect(seen).toEqual(['a:1', 'b:1', 'a:2,3']);
    for (const go of release.splice(0)) go();
    expect(await Promise.all([...a, b])).toEqual(['a1', 'a2', 'a3', 'b1']);
    await turn();
    expect((keyed as unknown as { batchers: Map<string, unknown> }).batchers.size).toBe(0);
  });
});
