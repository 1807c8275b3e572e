import { KeyedBatcher } from '../../../platform/batching.js';

/**
 * Sweeps of lapsed holds asked for by buyers who found a type short: one at a
 * time per set of types, shared by every buyer who asks meanwhile (a batch of
 * refused buyers must not start a sweep each, only one of which would find
 * anything to claim). Each gets the number of holds it expired.
 */
export class LapsedHoldSweeps {
  private readonly batches: KeyedBatcher<string, number[], number>;

  constructor(sweep: (ticketTypeIds: number[]) => Promise<number>) {
    this.batches = new KeyedBatcher(
      async (_key, inputs) => {
        const expired = await sweep(inputs[0]!);
        return inputs.map(() => expired);
      },
      { maxBatch: 100_000, maxInFlight: 1, timeoutMs: 30_000 },
    );
  }

  sweep(ticketTypeIds: number[]): Promise<number> {
    const ids = [...new Set(ticketTypeIds)].sort((a, b) => a - b);
    return this.batches.push(ids.join(','), ids);
  }
}
