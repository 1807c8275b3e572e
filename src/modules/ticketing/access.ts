import type { Executor } from '../../platform/db/database.js';
import type { Principal } from '../../platform/http/principal.js';
import { isOrganizerMember } from '../identity/index.js';

/** An organizer role, as identity's door spells it (not re-declared here). */
export type OrganizerRole = Parameters<typeof isOrganizerMember>[3];

/**
 * Whether the principal may act for the organizer with at least `minRole`
 * (admins always). The rule is identity's: this stands in, with the same
 * name and parameters, for identity's `canActFor(db, principal, organizerId,
 * minRole)` until identity's door exports it; then this file goes and its
 * callers call identity's.
 */
export async function canActFor(
  db: Executor,
  principal: Principal | null,
  organizerId: string,
  minRole: OrganizerRole,
): Promise<boolean> {
  if (!principal) return false;
  if (principal.roles.includes('admin')) return true;
  return isOrganizerMember(db, principal.userId, organizerId, minRole);
}
