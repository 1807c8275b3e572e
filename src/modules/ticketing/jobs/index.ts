/**
 * Ticketing's jobs. `ticketingJobs(ctx)` returns every job definition of the
 * module with its handler bound to `ctx`; the module registers each one on
 * `platform.jobs`:
 *
 *   for (const job of ticketingJobs(ctx)) platform.jobs.register(job);
 *
 * Jobs that services enqueue are declared in `queued-jobs.ts`.
 */
import { purgeIdempotencyKeys } from '../../../platform/http/idempotency.js';
import { defineJob, type JobDefinition } from '../../../platform/jobs/jobs.js';
import { expireUnpaidOrder } from '../order-cancellation.service.js';
import { sendRefund } from '../refunds.service.js';
import { expireReservation, sweepAllExpired } from '../reservations.service.js';
import type { TicketingContext } from '../ticketing.context.js';
import { expireReservationJob, expireUnpaidOrderJob, sendRefundJob } from './queued-jobs.js';

/** Deletes idempotency records past their retention, hourly. */
const purgeIdempotencyJob = (ctx: TicketingContext) =>
  defineJob({
    name: 'ticketing.idempotency.purge',
    schedule: '17 * * * *',
    handle: async () => {
      await purgeIdempotencyKeys(ctx.platform.database.db);
    },
  });

/**
 * Gives back the seats of lapsed holds and passes unclaimed waitlist offers
 * on, every minute (holds carry no job of their own; buyers who find a type
 * short also sweep it before being told it is sold out).
 */
export const sweepLapsedHoldsJob = (ctx: TicketingContext) =>
  defineJob({
    name: 'ticketing.reservations.sweep',
    schedule: '* * * * *',
    retryLimit: 0,
    expireInSeconds: 120,
    handle: async () => {
      await sweepAllExpired(ctx);
    },
  });

/** Every ticketing job, bound to `ctx`, ready for `platform.jobs.register`. */
export function ticketingJobs(ctx: TicketingContext): JobDefinition<object>[] {
  expireReservationJob.bind((data) => expireReservation(ctx, data.reservationId));
  expireUnpaidOrderJob.bind((data) => expireUnpaidOrder(ctx, data.orderId));
  sendRefundJob.bind((data) => sendRefund(ctx, data.refundId));
  return [
    sendRefundJob,
    expireReservationJob,
    expireUnpaidOrderJob,
    purgeIdempotencyJob(ctx),
    sweepLapsedHoldsJob(ctx),
  ] as JobDefinition<object>[];
}
