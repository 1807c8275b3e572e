import type { Executor } from '../../../platform/db/database.js';
import { ok } from '../../../platform/http/envelope.js';
import type { Principal } from '../../../platform/http/principal.js';
import { listOrganizersOfUser } from '../../identity/index.js';
import { canActFor } from '../catalog.access.js';
import { listEvents, type DiscoveryQuery } from '../discovery/discovery.service.js';
import type { EventCache } from './event-cache.js';
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
  db: Executor,
  cache: EventCache,
  principal: Principal | null,
  id: number,
  serialize: (body: unknown) => string,
): Promise<EventPage> {
  const hit = cache.getEvent(id);
  if (hit) return hit;
  const mark = cache.mark();
  const view = await loadEventView(db, id);
  if (!view) throw eventNotFound();
  const isPublic = view.status !== 'draft';
  if (!isPublic && !(await canActFor(db, principal, view.organizer.id, 'staff'))) {
    throw eventNotFound();
  }
  const page = { etag: eventEtag(view), body: serialize(ok(view)) };
  if (isPublic) cache.setEvent(id, page, mark);
  return page;
}

/** An organizer's events: every status for its team, the public ones for anyone else. */
export async function listOrganizerEvents(
  db: Executor,
  principal: Principal | null,
  organizerId: string,
  query: DiscoveryQuery,
) {
  const member = await canActFor(db, principal, organizerId, 'staff');
  return listEvents(db, { ...query, organizerId }, !member);
}

/** The events of every organizer the user belongs to, drafts included. */
export async function listMemberEvents(db: Executor, userId: string, query: DiscoveryQuery) {
  const memberships = await listOrganizersOfUser(db, userId);
  return listEvents(db, { ...query, organizerIds: memberships.map((m) => m.organizer.id) }, false);
}
