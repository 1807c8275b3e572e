import { Value } from 'typebox/value';
import type { Tx } from '../../../platform/db/database.js';
import { isUniqueViolation } from '../../../platform/db/errors.js';
import { invalidField } from '../../../platform/http/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { emailTaken, normalizeEmail } from '../accounts/accounts.service.js';
import { revokeUserApiTokens } from '../api-tokens/api-tokens.service.js';
import { AUDIT_ACTIONS, recordAudit } from '../admin/audit.js';
import type { IdentityContext } from '../identity.context.js';
import type { RequestMeta } from '../../../platform/http/request-meta.js';
import { IDENTITY_EVENTS, identityEvents } from '../identity.events.js';
import { Email } from '../identity.schemas.js';
import {
  emailChangeApprovalMail,
  emailChangeMail,
  emailChangeRequestedMail,
} from './mail-templates.js';
import { mailOneTimeToken, redeemOneTimeToken, tooSoon } from './one-time-tokens.service.js';
import { assertReauthenticated, signedInRecently } from '../accounts/reauthentication.js';
import { findUserByEmail, findUserById, updateUser } from '../accounts/users.repository.js';
import {
  issuedWithin,
  lockTokenOwner,
  lockUserForTokens,
  retireOneTimeTokens,
} from './verification.repository.js';
import { TokenPurpose } from '../identity.tables.js';
import { IDENTITY_ERRORS, accountSuspended, userNotFound } from '../identity.errors.js';

export const EMAIL_CHANGE_TTL_MS = 24 * 3600 * 1000;
/** At most this many email-change requests per account and hour (each sends one or two emails). */
export const EMAIL_CHANGES_PER_HOUR = 5;
export { RECENT_SIGN_IN_SECONDS } from '../accounts/reauthentication.js';

/**
 * What the requester proved besides holding the new address:
 * - `credentials`: a signed-in session plus the current password, or, for an
 *   account without one (OpenID only), a sign-in within RECENT_SIGN_IN_SECONDS;
 * - `session`: the account's own session (the Tickest app with a bearer
 *   token); enough when signed in within RECENT_SIGN_IN_SECONDS, otherwise
 *   treated as `legacy-app`;
 * - `legacy-app`: nothing; the Tickest app edits a user by its id without a
 *   token, so the current address must approve before the new one is mailed.
 */
export type EmailChangeProof =
  | { kind: 'credentials'; sessionId: string; password: string | undefined }
  | { kind: 'session'; sessionId: string }
  | { kind: 'legacy-app' };

export interface EmailChangeRequest {
  userId: string;
  newEmail: string;
  proof: EmailChangeProof;
  meta: RequestMeta;
  /** Where the new address came from, for a 400 (`body.newEmail` on the native API). */
  field?: string;
}

/** What a request started: a confirmation link to the new address, or an approval of the current one. */
export type PendingEmailChange = {
  pendingEmail: string;
  expiresAt: Date;
  awaiting: 'confirmation' | 'approval';
};

/** What a newer request, an approval or a cancellation retires: the change still pending. */
const PENDING_CHANGE = [TokenPurpose.changeEmail, TokenPurpose.approveEmailChange];

/**
 * Checks the proof (403 when it is wrong) and tells whether the current
 * address must approve the change first (when nothing proves the owner asked).
 */
async function needsApproval(
  ctx: IdentityContext,
  user: { id: string; passwordHash: string | null },
  proof: EmailChangeProof,
): Promise<boolean> {
  if (proof.kind === 'legacy-app') return true;
  if (proof.kind === 'session') return !(await signedInRecently(ctx, proof.sessionId));
  await assertReauthenticated(ctx, user, proof, 'change your email address');
  return false;
}

interface Account {
  id: string;
  name: string;
  email: string;
}

/**
 * Mails the one-time confirmation link to the new address, in `tx`. With
 * `notice`, the current address is told and gets a one-time cancel link.
 */
async function mailConfirmation(
  platform: Platform,
  tx: Tx,
  user: Account,
  newEmail: string,
  { notice }: { notice: boolean },
): Promise<{ expiresAt: Date }> {
  const { publicBaseUrl } = platform.config;
  const grant = { userId: user.id, ttlMs: EMAIL_CHANGE_TTL_MS };
  const sent = await mailOneTimeToken(
    platform,
    tx,
    { ...grant, purpose: TokenPurpose.changeEmail, email: newEmail },
    (token) => emailChangeMail(publicBaseUrl, { to: newEmail, name: user.name }, token),
  );
  if (notice) {
    await mailOneTimeToken(
      platform,
      tx,
      { ...grant, purpose: TokenPurpose.cancelEmailChange, email: user.email },
      (token) =>
        emailChangeRequestedMail(
          publicBaseUrl,
          { to: user.email, name: user.name },
          newEmail,
          token,
        ),
    );
  }
  return sent;
}

/** 409 when another account has the address. */
async function assertAvailable(tx: Tx, userId: string, email: string): Promise<void> {
  const owner = await findUserByEmail(tx, email);
  if (owner && owner.id !== userId) throw emailTaken();
}

/**
 * Starts moving an account to a new address; the account keeps its address
 * until the new one confirms, and a newer request replaces an older one.
 * With proof that the owner asked, a one-time link (24 h) goes to the new
 * address and a notice with a cancel link to the current one. Without it,
 * only the current address hears of it: a one-time approval link (24 h),
 * and the new address is mailed once that is used (approveEmailChange).
 */
export async function requestEmailChange(
  ctx: IdentityContext,
  request: EmailChangeRequest,
): Promise<PendingEmailChange> {
  const { platform } = ctx;
  const field = request.field ?? 'body.newEmail';
  const newEmail = normalizeEmail(request.newEmail);
  if (!Value.Check(Email, newEmail)) throw invalidField(field, 'must be an email address');
  const user = await findUserById(platform.database.db, request.userId);
  if (!user || user.status === 'deleted') throw userNotFound();
  if (user.status !== 'active') throw accountSuspended();
  if (user.email.toLowerCase() === newEmail)
    throw invalidField(field, 'This is already your email address.');
  // The password check (slow by design) runs before any transaction is opened.
  const approval = await needsApproval(ctx, user, request.proof);

  return platform.database.transaction(async (tx) => {
    // Serialises one account's requests, so the hourly limit and "the newest wins" hold.
    await lockUserForTokens(tx, user.id);
    await assertAvailable(tx, user.id, newEmail);
    // Unproven requests (approvals) and the owner's own are limited apart, and an
    // unproven one replaces only another unproven one: someone who merely knows the
    // account id can neither use up the owner's hourly allowance nor void the
    // owner's pending change.
    const recent = await issuedWithin(
      tx,
      approval ? TokenPurpose.approveEmailChange : TokenPurpose.cancelEmailChange,
      user.id,
      3600,
    );
    if (recent.count >= EMAIL_CHANGES_PER_HOUR) {
      throw tooSoon(
        IDENTITY_ERRORS.emailChangeTooOften,
        Math.max(1, Math.ceil(3600 - recent.oldestAgeSeconds)),
      );
    }
    await retireOneTimeTokens(
      tx,
      approval ? [TokenPurpose.approveEmailChange] : PENDING_CHANGE,
      user.id,
    );
    const { expiresAt } = approval
      ? await mailOneTimeToken(
          platform,
          tx,
          {
            purpose: TokenPurpose.approveEmailChange,
            userId: user.id,
            email: user.email,
            newEmail,
            ttlMs: EMAIL_CHANGE_TTL_MS,
          },
          (token) =>
            emailChangeApprovalMail(
              platform.config.publicBaseUrl,
              { to: user.email, name: user.name },
              newEmail,
              token,
            ),
        )
      : await mailConfirmation(platform, tx, user, newEmail, { notice: true });
    await recordAudit(tx, {
      userId: user.id,
      action: AUDIT_ACTIONS.emailChangeRequested,
      ...request.meta,
      details: { via: request.proof.kind, approvalRequired: approval },
    });
    return { pendingEmail: newEmail, expiresAt, awaiting: approval ? 'approval' : 'confirmation' };
  });
}

/**
 * Redeems an approval token from the current address: the confirmation link
 * now goes to the new address (which still has to confirm). Any other pending
 * change of the account is retired. 409 (token still usable) when another
 * account took the address meanwhile.
 */
export async function approveEmailChange(
  platform: Platform,
  token: string,
  meta: RequestMeta,
): Promise<{ pendingEmail: string; expiresAt: Date }> {
  return platform.database.transaction(async (tx) => {
    await lockTokenOwner(tx, token);
    const { grant, user } = await redeemOneTimeToken(tx, TokenPurpose.approveEmailChange, token, {
      sentToAccountEmail: true,
    });
    const newEmail = grant.newEmail!;
    await assertAvailable(tx, user.id, newEmail);
    await retireOneTimeTokens(tx, PENDING_CHANGE, user.id);
    // The current address just approved: it needs no notice of its own decision.
    const { expiresAt } = await mailConfirmation(platform, tx, user, newEmail, { notice: false });
    await recordAudit(tx, { userId: user.id, action: AUDIT_ACTIONS.emailChangeApproved, ...meta });
    return { pendingEmail: newEmail, expiresAt };
  });
}

/**
 * Redeems the cancel token from a change notice: every pending change of the
 * account (confirmation links, approvals, other notices' cancel links) is
 * retired, so the owner stops a change without resetting the password.
 */
export async function cancelEmailChange(
  platform: Platform,
  token: string,
  meta: RequestMeta,
): Promise<void> {
  await platform.database.transaction(async (tx) => {
    await lockTokenOwner(tx, token);
    const { user } = await redeemOneTimeToken(tx, TokenPurpose.cancelEmailChange, token, {
      sentToAccountEmail: true,
    });
    await retireOneTimeTokens(tx, [...PENDING_CHANGE, TokenPurpose.cancelEmailChange], user.id);
    await recordAudit(tx, { userId: user.id, action: AUDIT_ACTIONS.emailChangeCancelled, ...meta });
  });
}

/**
 * Redeems an email-change token: the account takes the new, now verified
 * address in one transaction. Every other outstanding token of the account
 * (verification, reset, older changes) is retired, and every API token
 * revoked; sessions stay. When the
 * address was taken meanwhile, the unique index decides: 409, nothing changes.
 */
export async function confirmEmailChange(
  platform: Platform,
  token: string,
  meta: RequestMeta,
): Promise<{ userId: string; email: string; emailVerifiedAt: Date }> {
  return platform.database.transaction(async (tx) => {
    await lockTokenOwner(tx, token);
    const { grant, user } = await redeemOneTimeToken(tx, TokenPurpose.changeEmail, token, {
      sentToAccountEmail: false,
    });
    const updated = await updateUser(tx, user.id, {
      email: grant.email,
      emailVerifiedAt: new Date(),
    }).catch((error: unknown) => {
      if (isUniqueViolation(error, 'identity_users_email_unique')) throw emailTaken();
      throw error;
    });
    await retireOneTimeTokens(tx, Object.values(TokenPurpose), user.id);
    // A script's token was made for the account as it was: it does not follow it to a new inbox.
    const apiTokensRevoked = await revokeUserApiTokens(tx, user.id);
    await recordAudit(tx, {
      userId: user.id,
      action: AUDIT_ACTIONS.emailChanged,
      ...meta,
      details: { apiTokensRevoked },
    });
    await identityEvents.emit(tx, IDENTITY_EVENTS.emailChanged, { userId: user.id });
    return { userId: user.id, email: updated!.email, emailVerifiedAt: updated!.emailVerifiedAt! };
  });
}
