import type { Executor } from '../../platform/db/database.js';
import { forbidden, unauthorized } from '../../platform/http/errors.js';
import type { Principal } from '../../platform/http/principal.js';
import type { OrganizerRole } from '../identity/index.js';
import type { CatalogContext } from './catalog.context.js';
import { CATALOG_ERRORS } from './catalog.errors.js';

export type { OrganizerRole };

export const isAdmin = (principal: Principal | null) => !!principal?.roles.includes('admin');

/** True when the principal may act for the organizer with at least `minRole` (identity's one rule). */
export const canActFor = (
  ctx: Pick<CatalogContext, 'identity'>,
  db: Executor,
  principal: Principal | null,
  organizerId: string,
  minRole: OrganizerRole,
): Promise<boolean> => ctx.identity.canActFor(db, principal, organizerId, minRole);

/** Throws 401/403 unless the principal manages events of the organizer (manager or owner). */
export async function assertCanManage(
  ctx: Pick<CatalogContext, 'identity'>,
  db: Executor,
  principal: Principal | null,
  organizerId: string,
  minRole: OrganizerRole = 'manager',
): Promise<Principal> {
  if (!principal) throw unauthorized();
  if (!(await canActFor(ctx, db, principal, organizerId, minRole))) {
    throw forbidden(
      `You must be a ${minRole} (or above) of this organizer.`,
      CATALOG_ERRORS.notOrganizerMember,
    );
  }
  return principal;
}
