import type { Realtime } from '../../../platform/realtime/realtime.types.js';

/**
 * Publishes the live message of a delivered domain event on a stream channel,
 * once: the delivery's name (subscriber and outbox event) goes with it, and
 * the gateway's store refuses a second message of that name, so a redelivered
 * event (a relay batch rolled back after publishing, or a process that died
 * before recording its delivery) pushes nothing more.
 */
export class LivePublisher {
  constructor(private readonly realtime: Pick<Realtime, 'publish'>) {}

  async publish(delivery: string, key: string, type: string, data: unknown): Promise<void> {
    await this.realtime.publish(key, type, data, { once: delivery });
  }
}
