import type { Principal } from '../../platform/http/principal.js';
import type { TicketingContext } from './ticketing.context.js';

export type OrganizerRole = 'owner' | 'manager' | 'staff';

/** Whether the principal acts for the event's organizer with at least `minRole` (admins always). */
export async function isEventTeam(
  ctx: TicketingContext,
  principal: Principal,
  organizerId: string,
  minRole: OrganizerRole,
): Promise<boolean> {
  if (principal.roles.includes('admin')) return true;
  return ctx.identity.isOrganizerMember(
    ctx.platform.database.db,
    principal.userId,
    organizerId,
    minRole,
  );
}
