import { defineJob } from '../../platform/jobs/jobs.js';
import { purgeIdempotencyKeys } from '../../platform/http/idempotency.js';
import type { App } from '../../platform/http/types.js';
import { CATALOG_EVENTS, type EventCancelledPayload } from '../catalog/index.js';
import type { Module } from '../../platform/modules/module.js';
import type { Platform } from '../../platform/platform.js';
import { orderRoutes } from './orders.routes.js';
import { refundRoutes } from './refunds.routes.js';
import { cancelEventOrders, expireUnpaidOrder } from './order-cancellation.service.js';
import { reservationRoutes } from './reservations.routes.js';
import { expireReservation, sweepAllExpired, sweepExpired } from './reservations.service.js';
import { paymentProviders } from './payments.js';
import { sendRefund } from './refunds.service.js';
import { loadTicketSigner } from './ticket-codes.js';
import type { TicketingContext, TicketingDeps } from './ticketing.context.js';
import { expireReservationJob, expireUnpaidOrderJob, sendRefundJob } from './ticketing.jobs.js';
import { ticketRoutes } from './tickets.routes.js';
import { ticketLinkRoutes } from './ticket-links.routes.js';
import { subscribeTicketMail } from './ticket-mail.subscriber.js';
import {
  AvailabilityAnnouncer,
  Holds,
  LapsedSweeps,
  SoldOutHints,
  TicketTypeGates,
} from './hot-path.js';

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

/** Ticketing's door at run time: nothing yet; other modules react to its events. */
export type TicketingApi = Record<string, never>;

/**
 * Ticketing: reservations (holds), orders, signed tickets, check-in,
 * waitlist and organizer views. Seat counters stay in the catalogue and are
 * moved only through its sales API.
 */
export async function createTicketingModule(
  platform: Platform,
  deps: TicketingDeps,
): Promise<Module<TicketingApi, TicketingContext>> {
  const ctx: TicketingContext = {
    platform,
    catalog: deps.catalog,
    identity: deps.identity,
    signer: loadTicketSigner(platform.config.ticketing.signingKey, platform.config.dataDir),
    payments: paymentProviders(platform.config.ticketing.offlinePaymentHours),
    settings: platform.config.ticketing,
    holds: new Holds(
      platform.database.pool,
      // A few multi-type hold transactions per ticket type at once: enough to keep its row busy.
      new TicketTypeGates(Math.max(2, Math.floor(platform.config.databasePoolMax / 4))),
      platform.log,
      // 64 buyers a batch: each takes its user's advisory lock, and PostgreSQL's
      // shared lock table is sized max_locks_per_transaction (64) per connection.
      { maxBatch: 64, maxInFlight: 2, timeoutMs: 10_000 },
    ),
    sweeps: new LapsedSweeps((ids) => sweepExpired(ctx, ids)),
    announcer: new AvailabilityAnnouncer(() => ctx, 200),
    soldOut: new SoldOutHints(),
  };
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
  deps.catalog.onEventCancelling((tx, eventId) => cancelEventOrders(ctx, tx, eventId));
  platform.bus.subscribe<EventCancelledPayload>(
    'ticketing.cancel-orders-of-cancelled-event',
    [CATALOG_EVENTS.eventCancelled],
    (event, tx) => cancelEventOrders(ctx, tx, event.payload.eventId),
  );
  subscribeTicketMail(ctx);
  return {
    name: 'ticketing',
    api: {},
    context: ctx,
    async routes(app: App) {
      reservationRoutes(app, ctx);
      orderRoutes(app, ctx);
      refundRoutes(app, ctx);
      ticketRoutes(app, ctx);
      ticketLinkRoutes(app, ctx);
    },
    stop: () => ctx.announcer.flush(),
  };
}
