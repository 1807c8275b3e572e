import fp from 'fastify-plugin';
import type { App } from '../../platform/http/types.js';
import { orderRoutes } from './orders.routes.js';
import { refundRoutes } from './refunds.routes.js';
import { reservationRoutes } from './reservations.routes.js';
import { sweepExpired } from './reservations.service.js';
import { ticketingJobs } from './jobs/index.js';
import { subscribeTicketing } from './subscribers/index.js';
import { paymentProviders } from './payments.js';
import { loadTicketSigner } from './ticket-codes.js';
import { catalogPort, type TicketingContext } from './ticketing.context.js';
import { ticketRoutes } from './tickets.routes.js';
import { ticketLinkRoutes } from './ticket-links.routes.js';
import { createHoldEngine } from './holds/hold-engine.js';
import { announceAvailability } from './seat-movements.js';

export { TICKETING_EVENTS } from './ticketing.events.js';
export type { AvailabilityChangedPayload, WaitlistOfferedPayload } from './ticketing.events.js';
export { verifyTicketCode } from './ticket-codes.js';

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
  for (const job of ticketingJobs(ctx)) platform.jobs.register(job);
  subscribeTicketing(ctx, platform.bus);
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
