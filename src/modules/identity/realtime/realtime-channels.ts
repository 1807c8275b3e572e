import type { IdentityContext } from '../identity.context.js';
import { canActFor } from '../organizers/organizers.service.js';

/** The key of a user's own stream: what other modules publish to. */
export const userChannelKey = (userId: string) => `user:${userId}`;
/** The key of an organizer team's live stream. */
export const organizerChannelKey = (organizerId: string) => `organizer:${organizerId}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The channels identity owns because it knows who may read them: `user` (the
 * signed-in user's own stream; its key carries the user id, so nobody can
 * name another's) and `organizer:{id}` (the organizer's team, staff and up,
 * and admins). Other modules publish to them by key.
 */
export function defineIdentityChannels(ctx: IdentityContext): void {
  const { realtime, database } = ctx.platform;
  realtime.defineChannel({
    pattern: 'user',
    authorize: async (principal) => principal !== null,
    key: (principal) => userChannelKey(principal!.userId),
  });
  realtime.defineChannel({
    pattern: 'organizer:{id}',
    authorize: async (principal, { id }) =>
      UUID.test(id!) && canActFor(database.db, principal, id!, 'staff'),
  });
}
