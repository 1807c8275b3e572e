import { invalidField, notFound } from '../../../platform/http/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { CATALOG_ERRORS } from '../../catalog/index.js';
import type { TicketingContext } from '../ticketing.context.js';
import { availabilityOf, type EventAvailability } from './availability-data.js';

/** Reads the event's availability now (two queries), or null when the event is gone. */
export async function readAvailability(
  ctx: TicketingContext,
  eventId: number,
): Promise<EventAvailability | null> {
  const event = await ctx.catalog.getEventForSale(ctx.platform.database.db, eventId);
  return event ? availabilityOf(event, new Date()) : null;
}

const MAX_ROW_ID = 2_147_483_647;

/** The event id a channel name carries, or a 400 naming it when it is not one. */
export function channelEventId(raw: string | undefined): number {
  const id = /^[1-9][0-9]{0,9}$/.test(raw ?? '') ? Number(raw) : NaN;
  if (!(id <= MAX_ROW_ID))
    throw invalidField('channel', `"${raw}" is not an event id (a positive integer)`);
  return id;
}

/**
 * Refuses to show an event's availability to whom may not see the event:
 * anyone may watch a published (public or unlisted), cancelled or completed
 * event, as anyone may read its page; a draft only its organizer's team
 * (staff and up). Unknown, deleted and others' drafts are the same 404, so
 * nothing tells a draft exists. Reads the cached sale rules: thousands of
 * watchers joining at an on-sale moment cost no query each.
 */
export async function assertCanWatch(
  ctx: TicketingContext,
  principal: Principal | null,
  eventId: number,
): Promise<void> {
  const rules = await ctx.catalog.getEventSaleRules(eventId);
  if (!rules) throw notFound('Event', CATALOG_ERRORS.eventNotFound);
  if (rules.status !== 'draft') return;
  const { db } = ctx.platform.database;
  if (await ctx.identity.canActFor(db, principal, rules.organizerId, 'staff')) return;
  throw notFound('Event', CATALOG_ERRORS.eventNotFound);
}
