import { Value } from 'typebox/value';
import { isUniqueViolation } from '../../platform/db/errors.js';
import { addEvent } from '../../platform/events/outbox.js';
import { AppError, forbidden, invalidField, notFound } from '../../platform/http/errors.js';
import type { Platform } from '../../platform/platform.js';
import { emailTaken, normalizeEmail } from './accounts.service.js';
import { AUDIT_ACTIONS, recordAudit } from './audit.js';
import type { IdentityContext, RequestMeta } from './identity.context.js';
import { IDENTITY_EVENTS } from './identity.events.js';
import { Email } from './identity.schemas.js';
import { emailChangeMail, emailChangeRequestedMail } from './mail-templates.js';
import { mailOneTimeToken, redeemOneTimeToken, tooSoon } from './one-time-tokens.service.js';
import { verifyPassword } from './passwords.js';
import { sessionAgeSeconds } from './sessions.repository.js';
import { findUserByEmail, findUserById, updateUser } from './users.repository.js';
import { issuedWithin, lockUserForTokens, retireOneTimeTokens } from './verification.repository.js';
import { TokenPurpose } from './verification.tables.js';

export const EMAIL_CHANGE_TTL_MS = 24 * 3600 * 1000;
/** At most this many email-change requests per account and hour (each sends two emails). */
export const EMAIL_CHANGES_PER_HOUR = 5;
/** An account without a password must have signed in this recently to change its address. */
export const RECENT_SIGN_IN_SECONDS = 10 * 60;

/**
 * What the requester proved besides holding the new address:
 * - `credentials`: a signed-in session plus the current password, or, for an
 *   account without one (OpenID only), a sign-in within RECENT_SIGN_IN_SECONDS;
 * - `legacy-app`: nothing; the Tickest app edits a user by its unguessable id
 *   without a token, so confirming the new address is the only gate.
 */
export type EmailChangeProof =
  { kind: 'credentials'; sessionId: string; password: string | undefined } | { kind: 'legacy-app' };

export interface EmailChangeRequest {
  userId: string;
  newEmail: string;
  proof: EmailChangeProof;
  meta: RequestMeta;
  /** Where the new address came from, for a 400 (`body.newEmail` on the native API). */
  field?: string;
}

const wrongPassword = () =>
  new AppError('IDENTITY.WRONG_PASSWORD', 403, 'The current password is incorrect.');

async function assertProof(
  ctx: IdentityContext,
  user: { passwordHash: string | null },
  proof: EmailChangeProof,
): Promise<void> {
  if (proof.kind === 'legacy-app') return;
  if (user.passwordHash) {
    if (proof.password === undefined)
      throw invalidField('body.password', 'Your current password is required.');
    if (!(await verifyPassword(user.passwordHash, proof.password))) throw wrongPassword();
    return;
  }
  const age = await sessionAgeSeconds(ctx.platform.database.db, proof.sessionId);
  if (age === null || age > RECENT_SIGN_IN_SECONDS) {
    throw forbidden(
      `Sign in again to change your email address (an account without a password needs a sign-in within the last ${RECENT_SIGN_IN_SECONDS / 60} minutes).`,
      'AUTH.RECENT_SIGN_IN_REQUIRED',
    );
  }
}

/**
 * Starts moving an account to a new address: a one-time link (24 h) goes to
 * the new address and a notice to the current one. The account keeps its
 * address until the link is used; a newer request replaces an older one.
 */
export async function requestEmailChange(
  ctx: IdentityContext,
  request: EmailChangeRequest,
): Promise<{ pendingEmail: string; expiresAt: Date }> {
  const { platform } = ctx;
  const field = request.field ?? 'body.newEmail';
  const newEmail = normalizeEmail(request.newEmail);
  if (!Value.Check(Email, newEmail)) throw invalidField(field, 'must be an email address');
  const user = await findUserById(platform.database.db, request.userId);
  if (!user || user.status === 'deleted') throw notFound('The user', 'IDENTITY.USER_NOT_FOUND');
  if (user.status !== 'active')
    throw new AppError('AUTH.ACCOUNT_SUSPENDED', 403, 'This account is suspended.');
  if (user.email.toLowerCase() === newEmail)
    throw invalidField(field, 'This is already your email address.');
  // The password check (slow by design) runs before any transaction is opened.
  await assertProof(ctx, user, request.proof);

  return platform.database.transaction(async (tx) => {
    // Serialises one account's requests, so the hourly limit and "the newest wins" hold.
    await lockUserForTokens(tx, user.id);
    const owner = await findUserByEmail(tx, newEmail);
    if (owner && owner.id !== user.id) throw emailTaken();
    const recent = await issuedWithin(tx, TokenPurpose.changeEmail, user.id, 3600);
    if (recent.count >= EMAIL_CHANGES_PER_HOUR) {
      throw tooSoon(
        'IDENTITY.EMAIL_CHANGE_TOO_OFTEN',
        Math.max(1, Math.ceil(3600 - recent.oldestAgeSeconds)),
      );
    }
    await retireOneTimeTokens(tx, TokenPurpose.changeEmail, user.id);
    const { publicBaseUrl } = platform.config;
    const { expiresAt } = await mailOneTimeToken(
      platform,
      tx,
      {
        purpose: TokenPurpose.changeEmail,
        userId: user.id,
        email: newEmail,
        ttlMs: EMAIL_CHANGE_TTL_MS,
      },
      (token) => emailChangeMail(publicBaseUrl, { to: newEmail, name: user.name }, token),
    );
    await platform.mail.enqueue(
      tx,
      emailChangeRequestedMail(publicBaseUrl, { to: user.email, name: user.name }, newEmail),
    );
    await recordAudit(tx, {
      userId: user.id,
      action: AUDIT_ACTIONS.emailChangeRequested,
      ...request.meta,
      details: { via: request.proof.kind },
    });
    return { pendingEmail: newEmail, expiresAt };
  });
}

/**
 * Redeems an email-change token: the account takes the new, now verified
 * address in one transaction. Every other outstanding token of the account
 * (verification, reset, older changes) is retired; sessions stay. When the
 * address was taken meanwhile, the unique index decides: 409, nothing changes.
 */
export async function confirmEmailChange(
  platform: Platform,
  token: string,
  meta: RequestMeta,
): Promise<{ userId: string; email: string; emailVerifiedAt: Date }> {
  return platform.database.transaction(async (tx) => {
    const { grant, user } = await redeemOneTimeToken(tx, TokenPurpose.changeEmail, token, {
      sentToAccountEmail: false,
    });
    const updated = await updateUser(tx, user.id, {
      email: grant.email,
      emailVerifiedAt: new Date(),
    }).catch((error: unknown) => {
      if (isUniqueViolation(error, 'users_email_unique')) throw emailTaken();
      throw error;
    });
    await retireOneTimeTokens(tx, Object.values(TokenPurpose), user.id);
    await recordAudit(tx, { userId: user.id, action: AUDIT_ACTIONS.emailChanged, ...meta });
    await addEvent(tx, { name: IDENTITY_EVENTS.emailChanged, payload: { userId: user.id } });
    return { userId: user.id, email: updated!.email, emailVerifiedAt: updated!.emailVerifiedAt! };
  });
}
