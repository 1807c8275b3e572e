import fp from 'fastify-plugin';
import { defineJob } from '../../platform/jobs/jobs.js';
import { purgeIdempotencyKeys } from '../../platform/http/idempotency.js';
import type { App } from '../../platform/http/types.js';
import { CATALOG_EVENTS, onEventCancelling } from '../catalog/index.js';
import { orderRoutes } from './orders.routes.js';
import { refundRoutes } from './refunds.routes.js';
import { cancelEventOrders, expireUnpaidOrder } from './order-cancellation.service.js';
import { reservationRoutes } from './reservations.routes.js';
import { expireReservation, sweepAllExpired, sweepExpired } from './reservations.service.js';
import { paymentProviders } from './payments.js';
import { sendRefund } from './refunds.service.js';
import { loadTicketSigner } from './ticket-codes.js';
import { catalogPort, type TicketingContext } from './ticketing.context.js';
import { expireReservationJob, expireUnpaidOrderJob, sendRefundJob } from './ticketing.jobs.js';
import { ticketRoutes } from './tickets.routes.js';
import { ticketLinkRoutes } from './ticket-links.routes.js';
import { subscribeTicketMail } from './ticket-mail.subscriber.js';
import { createHoldEngine } from './holds/hold-engine.js';
import { announceAvailability } from './seats.js';

export { TICKETING_EVENTS } from './ticketing.events.js';
export type { AvailabilityChangedPayload, WaitlistOfferedPayload } from './ticketing.events.js';
export { verifyTicketCode } from './ticket-codes.js';

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

/**
 * Ticketing: reservations (holds), orders, signed tickets, check-in,
 * waitlist and organizer views. Seat counters stay in the catalogue and are
 * moved only through its `inventory`.
 */
async function ticketing(app: App): Promise<void> {
  const { platform } = app;
  const ctx: TicketingContext = {
    platform,
    catalog: catalogPort,
    signer: loadTicketSigner(platform.config.ticketing.signingKey, platform.config.dataDir),
    payments: paymentProviders(platform.config.ticketing.offlinePaymentHours),
    settings: platform.config.ticketing,
    holds: createHoldEngine(platform, {
      sweepLapsed: (ids) => sweepExpired(ctx, ids),
      announce: (tx, eventId, ids) => announceAvailability(ctx, tx, eventId, ids),
      changeMark: (eventId, id) => catalogPort.eventChangeMark(platform, eventId, id),
    }),
  };
  app.addHook('onClose', () => ctx.holds.flush());
  expireReservationJob.bind((data) => expireReservation(ctx, data.reservationId));
  expireUnpaidOrderJob.bind((data) => expireUnpaidOrder(ctx, data.orderId));
  sendRefundJob.bind((data) => sendRefund(ctx, data.refundId));
  platform.jobs.register(sendRefundJob);
  platform.jobs.register(expireReservationJob);
  platform.jobs.register(expireUnpaidOrderJob);
  platform.jobs.register(purgeIdempotencyJob(ctx));
  platform.jobs.register(sweepLapsedHoldsJob(ctx));
  // In the cancellation's own transaction, so its answer shows the seats given back; the
  // subscriber below then finds nothing left (and serves cancellations recorded before).
  onEventCancelling(platform, (tx, eventId) => cancelEventOrders(ctx, tx, eventId));
  platform.bus.subscribe<{ eventId: number }>(
    'ticketing.cancel-orders-of-cancelled-event',
    [CATALOG_EVENTS.eventCancelled],
    (event, tx) => cancelEventOrders(ctx, tx, event.payload.eventId),
  );
  subscribeTicketMail(ctx);
  app.decorate('ticketing', ctx);
  reservationRoutes(app, ctx);
  orderRoutes(app, ctx);
  refundRoutes(app, ctx);
  ticketRoutes(app, ctx);
  ticketLinkRoutes(app, ctx);
}

/** The module plugin; not encapsulated, so tests and benchmarks can reach `app.ticketing`. */
export const ticketingModule = fp(ticketing, { name: 'ticketing' });

declare module 'fastify' {
  interface FastifyInstance {
    /** Ticketing's context, for tests and benchmarks. */
    ticketing: TicketingContext;
  }
}
