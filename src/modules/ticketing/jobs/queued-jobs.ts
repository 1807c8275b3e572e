import { defineJob, type JobDefinition } from '../../../platform/jobs/jobs.js';

/**
 * Job definitions with late-bound handlers: `ticketingJobs(ctx)` (jobs/index.ts)
 * binds them to the module's context, and services can enqueue them before
 * that (this file imports no service, so services may import it).
 */
function lateJob<T extends object>(
  name: string,
): JobDefinition<T> & { bind(h: (data: T) => Promise<void>): void } {
  let handler: ((data: T) => Promise<void>) | undefined;
  const definition = defineJob<T>({
    name,
    retryLimit: 10,
    handle: async (data) => {
      if (!handler) throw new Error(`job ${name} has no handler bound`);
      await handler(data);
    },
  });
  return Object.assign(definition, {
    bind(h: (data: T) => Promise<void>) {
      handler = h;
    },
  });
}

/**
 * Expires one reservation at its `expiresAt`: enqueued per hold by earlier
 * versions, and kept so that such queued jobs still run. Holds are now given
 * back by the periodic sweep (`ticketing.reservations.sweep`).
 */
export const expireReservationJob = lateJob<{ reservationId: string }>(
  'ticketing.reservation.expire',
);

/** Expires an offline-payment order still unpaid at its due time. */
export const expireUnpaidOrderJob = lateJob<{ orderId: string }>('ticketing.order.expire-unpaid');

/** Gives a recorded refund back through the order's payment provider, when it has a way to. */
export const sendRefundJob = lateJob<{ refundId: string }>('ticketing.refund.send');
