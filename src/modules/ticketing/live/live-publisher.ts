import type { Realtime } from '../../../platform/realtime/realtime.types.js';

/** How many recent deliveries a process remembers having published. */
const REMEMBERED = 10_000;

/**
 * Publishes the live message of a delivered domain event on a stream channel.
 * The gateway stores a message outside the relay's transaction, so a
 * delivery that is rolled back after publishing (a later failure in the same
 * relay batch) would publish again when redelivered: this process remembers
 * what it published, by subscriber and outbox event, and skips it then. Only
 * a process dying between publishing and committing the delivery can repeat
 * a message; each names its fact (order, ticket, check-in), so a client can
 * tell a repeat.
 */
export class LivePublisher {
  private readonly published = new Set<string>();

  constructor(private readonly realtime: Pick<Realtime, 'publish'>) {}

  async publish(delivery: string, key: string, type: string, data: unknown): Promise<void> {
    if (this.published.has(delivery)) return;
    await this.realtime.publish(key, type, data);
    this.published.add(delivery);
    // A Set iterates in insertion order: the first is the oldest.
    if (this.published.size > REMEMBERED)
      this.published.delete(this.published.values().next().value!);
  }
}
