import { ok } from '../../../platform/http/envelope.js';
import type { Principal } from '../../../platform/http/principal.js';
import { canActFor } from '../catalog.access.js';
import { listEvents, type DiscoveryQuery } from '../discovery/discovery.service.js';
import type { CatalogContext } from '../catalog.context.js';
import { eventEtag, loadEventView } from './events.repository.js';
import { eventNotFound } from './events.rules.js';

/** One event's answer: its validator and its serialized `{success, data}` body. */
export interface EventPage {
  etag: string;
  body: string;
}

/**
 * The event as its reader may see it (drafts only for the organizer's team),
 * from the cache of public pages when there; 404 otherwise. `serialize` turns
 * the envelope into the route's JSON.
 */
export async function readEventPage(
  ctx: CatalogContext,
  principal: Principal | null,
  id: number,
  serialize: (body: unknown) => string,
): Promise<EventPage> {
  const { cache } = ctx;
  const { db } = ctx.platform.database;
  const hit = cache.getEvent(id);
  if (hit) return hit;
  const mark = cache.mark();
  const view = await loadEventView(db, id);
  if (!view) throw eventNotFound();
  const isPublic = view.status !== 'draft';
  if (!isPublic && !(await canActFor(ctx, db, principal, view.organizer.id, 'staff'))) {
    throw eventNotFound();
  }
  const page = { etag: eventEtag(view), body: serialize(ok(view)) };
  if (isPublic) cache.setEvent(id, page, mark);
  return page;
}

/** An organizer's events: every status for its team, the public ones for anyone else. */
export async function listOrganizerEvents(
  ctx: CatalogContext,
  principal: Principal | null,
  organizerId: string,
  query: DiscoveryQuery,
) {
  const { db } = ctx.platform.database;
  const member = await canActFor(ctx, db, principal, organizerId, 'staff');
  return listEvents(db, { ...query, organizerId }, !member);
}

/** The events of every organizer the user belongs to, drafts included. */
export async function listMemberEvents(ctx: CatalogContext, userId: string, query: DiscoveryQuery) {
  const { db } = ctx.platform.database;
  const memberships = await ctx.identity.listOrganizersOfUser(db, userId);
  return listEvents(db, { ...query, organizerIds: memberships.map((m) => m.organizer.id) }, false);
}
