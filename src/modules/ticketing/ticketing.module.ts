import type { App } from '../../platform/http/types.js';
import type { Module } from '../../platform/modules/module.js';
import type { Platform } from '../../platform/platform.js';
import { createHoldEngine } from './holds/hold-engine.js';
import { ticketingJobs } from './jobs/index.js';
import { readAvailability } from './live/availability.js';
import { defineAvailabilityChannel } from './live/availability-channel.js';
import { availabilityStreamRoutes } from './live/availability-stream.routes.js';
import { AvailabilityWatchers } from './live/availability-watchers.js';
import { orderRoutes } from './orders.routes.js';
import { paymentProviders } from './payments.js';
import { refundRoutes } from './refunds.routes.js';
import { reservationRoutes } from './reservations.routes.js';
import { sweepExpired } from './reservations.service.js';
import { announceAvailability } from './seat-movements.js';
import { subscribeTicketing } from './subscribers/index.js';
import { loadTicketSigner } from './ticket-codes.js';
import { ticketLinkRoutes } from './ticket-links.routes.js';
import { holdsValidTicket } from './ticketing.repository.js';
import type { TicketingContext, TicketingDeps } from './ticketing.context.js';
import { ticketRoutes } from './tickets.routes.js';

/** Ticketing's door at run time: the few reads other modules make; otherwise they react to its events. */
export interface TicketingApi {
  /** Whether the user holds a valid (not cancelled) ticket of the event: community's chat asks. */
  holdsTicket(userId: string, eventId: number): Promise<boolean>;
}

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
    holds: createHoldEngine(platform, {
      sweepLapsed: (ids) => sweepExpired(ctx, ids),
      announce: (tx, eventId, ids) => announceAvailability(ctx, tx, eventId, ids),
      changeMark: (eventId, id) => deps.catalog.eventChangeMark(eventId, id),
    }),
    live: new AvailabilityWatchers(
      (eventId) => readAvailability(ctx, eventId),
      platform.config.realtime.coalesceMs,
      platform.log,
    ),
  };
  for (const job of ticketingJobs(ctx)) platform.jobs.register(job);
  subscribeTicketing(ctx, platform.bus);
  // Every change the catalogue hears of; the watchers ignore events nobody here watches.
  deps.catalog.onEventChanged((eventId) =>
    eventId === null ? ctx.live.changedAll() : ctx.live.changed(eventId),
  );
  defineAvailabilityChannel(ctx, ctx.live);
  return {
    name: 'ticketing',
    api: {
      holdsTicket: (userId, eventId) => holdsValidTicket(platform.database.db, userId, eventId),
    },
    context: ctx,
    async routes(app: App) {
      reservationRoutes(app, ctx);
      orderRoutes(app, ctx);
      refundRoutes(app, ctx);
      ticketRoutes(app, ctx);
      ticketLinkRoutes(app, ctx);
      availabilityStreamRoutes(app, ctx, ctx.live);
    },
    async stop() {
      await ctx.live.stop();
      await ctx.holds.flush();
    },
  };
}
