import type { Executor, Tx } from '../../platform/db/database.js';
import { contactsOf } from './accounts/users.repository.js';

export { identityModule } from './identity.plugin.js';
export { IDENTITY_EVENTS } from './identity.events.js';
export type {
  EmailChangedPayload,
  OrganizerChangedPayload,
  PasswordChangedPayload,
  UserRegisteredPayload,
} from './identity.events.js';
export { createUserAccount, normalizeEmail } from './accounts/accounts.service.js';
export {
  approveEmailChange,
  cancelEmailChange,
  confirmEmailChange,
  requestEmailChange,
  type EmailChangeProof,
} from './email/email-change.service.js';
export { acceptInvitation } from './organizers/invitations.service.js';
export { FORGOT_ANSWER } from './email/password-reset.routes.js';
export { passwordResetOf } from './email/password-reset.service.js';
export { verifyEmail } from './email/verification.service.js';
export { AUDIT_ACTIONS, recordAudit, type AuditEntry } from './admin/audit.js';
export {
  getProfile,
  insertAccount,
  login,
  logout,
  register,
  updateProfile,
} from './accounts/accounts.service.js';
export { identityContext, type IdentityContext, type RequestMeta } from './identity.context.js';
export { toUser } from './identity.mappers.js';
export { listOrganizersOfUser } from './organizers/organizers.repository.js';
export { findUserByEmail, findUsersByName } from './accounts/users.repository.js';
export { adminDeleteUser, searchUsers } from './admin/admin-users.service.js';
export { anonymiseAccount } from './accounts/self-service.service.js';
export { signedInRecently, RECENT_SIGN_IN_SECONDS } from './accounts/reauthentication.js';
export { isOrganizerMember } from './organizers/organizers.service.js';
import { createOrganizerIn, type OrganizerInput } from './organizers/organizers.service.js';
import type { Platform } from '../../platform/platform.js';

/** Creates an organizer profile owned by `ownerUserId` (seed, tests, other modules). */
export async function createOrganizerProfile(
  platform: Platform,
  ownerUserId: string,
  input: Omit<OrganizerInput, 'logoUrl'>,
): Promise<{ id: string; name: string; slug: string }> {
  return platform.database.transaction((tx) => createOrganizerProfileIn(tx, ownerUserId, input));
}

/**
 * Creates an organizer profile owned by `ownerUserId` inside the caller's
 * transaction, so a write that needs it is all-or-nothing.
 */
export async function createOrganizerProfileIn(
  tx: Tx,
  ownerUserId: string,
  input: Omit<OrganizerInput, 'logoUrl'>,
): Promise<{ id: string; name: string; slug: string }> {
  const organizer = await createOrganizerIn(tx, ownerUserId, input);
  return { id: organizer.id, name: organizer.name, slug: organizer.slug };
}

/** Names and emails of users, for notifications and receipts; unknown ids are absent. */
export async function getUserContacts(
  db: Executor,
  userIds: string[],
): Promise<Map<string, { name: string; email: string }>> {
  const rows = await contactsOf(db, [...new Set(userIds)]);
  return new Map(rows.map((row) => [row.id, { name: row.name, email: row.email }]));
}
