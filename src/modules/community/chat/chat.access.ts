import { notFound, unauthorized } from '../../../platform/http/errors.js';
import { hasPermission } from '../../../platform/http/permissions.js';
import type { Principal } from '../../../platform/http/principal.js';
import { CATALOG_ERRORS } from '../../catalog/index.js';
import { chatForbidden, chatModeratorsOnly } from '../community.errors.js';
import type { ChatContext } from './chat.context.js';

/** What a user is in an event's chat, shown beside their messages. */
export type ChatRole = 'attendee' | 'organizer' | 'moderator';

/** Who is acting in which event's chat, once they were let in. */
export interface ChatAccess {
  eventId: number;
  organizerId: string;
  userId: string;
  role: ChatRole;
  /** The organizer's team and moderators: they delete, mute and pin. */
  moderates: boolean;
}

/**
 * The one rule of who may read and post in an event's chat: moderators
 * (admins included), the organizer's team (staff and up) and holders of a
 * valid ticket of the event; everyone else is refused. A draft event exists
 * only for its team: others get the catalogue's 404.
 */
export async function chatAccess(
  ctx: ChatContext,
  principal: Principal | null,
  eventId: number,
): Promise<ChatAccess> {
  if (!principal) throw unauthorized();
  const event = await ctx.catalog.getEventSaleRules(eventId);
  if (!event) throw notFound(`Event ${eventId}`, CATALOG_ERRORS.eventNotFound);
  const isModerator = hasPermission(principal.roles, 'content:moderate');
  // Both reads at once: a team member may hold a ticket too, and the team wins.
  const [isTeam, holdsTicket] = await Promise.all([
    ctx.identity.canActFor(ctx.platform.database.db, principal, event.organizerId, 'staff'),
    isModerator ? false : ctx.ticketing.holdsTicket(principal.userId, eventId),
  ]);
  if (event.status === 'draft' && !isTeam)
    throw notFound(`Event ${eventId}`, CATALOG_ERRORS.eventNotFound);
  const role: ChatRole | null = isModerator
    ? 'moderator'
    : isTeam
      ? 'organizer'
      : holdsTicket
        ? 'attendee'
        : null;
  if (!role) throw chatForbidden();
  return {
    eventId,
    organizerId: event.organizerId,
    userId: principal.userId,
    role,
    moderates: role !== 'attendee',
  };
}

/** Access for moderation (delete others' messages, mute, pin): the team and moderators. */
export async function chatModeration(
  ctx: ChatContext,
  principal: Principal | null,
  eventId: number,
): Promise<ChatAccess> {
  const access = await chatAccess(ctx, principal, eventId);
  if (!access.moderates) throw chatModeratorsOnly();
  return access;
}
