import type { Executor, Tx } from '../../platform/db/database.js';
import { contactsOf } from './users.repository.js';

export { identityModule } from './identity.plugin.js';
export { IDENTITY_EVENTS } from './identity.events.js';
export type {
  EmailChangedPayload,
  OrganizerChangedPayload,
  PasswordChangedPayload,
  UserRegisteredPayload,
} from './identity.events.js';
export { createUserAccount, normalizeEmail } from './accounts.service.js';
export {
  approveEmailChange,
  cancelEmailChange,
  confirmEmailChange,
  requestEmailChange,
  type EmailChangeProof,
} from './email-change.service.js';
export { requestMeta } from './auth.routes.js';
export { acceptInvitation } from './invitations.service.js';
export { FORGOT_ANSWER } from './password-reset.routes.js';
export { passwordResetOf } from './password-reset.service.js';
export { verifyEmail } from './verification.service.js';
export { AUDIT_ACTIONS, recordAudit, type AuditEntry } from './audit.js';
export {
  getProfile,
  insertAccount,
  login,
  logout,
  register,
  updateProfile,
} from './accounts.service.js';
export { identityContext, type IdentityContext, type RequestMeta } from './identity.context.js';
export { toUser } from './identity.mappers.js';
export { listOrganizersOfUser } from './organizers.repository.js';
export { findUserByEmail, findUsersByName } from './users.repository.js';
export { adminDeleteUser, searchUsers } from './admin-users.service.js';
export { anonymiseAccount } from './self-service.service.js';
export { signedInRecently, RECENT_SIGN_IN_SECONDS } from './reauthentication.js';
export { isOrganizerMember } from './organizers.service.js';
import { createOrganizerIn, type OrganizerInput } from './organizers.service.js';
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
