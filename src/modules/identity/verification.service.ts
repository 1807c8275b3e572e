import type { Tx } from '../../platform/db/database.js';
import { addEvent } from '../../platform/events/outbox.js';
import { AppError, conflict, notFound } from '../../platform/http/errors.js';
import type { Platform } from '../../platform/platform.js';
import { IDENTITY_EVENTS } from './identity.events.js';
import { verificationMail, welcomeMail } from './mail-templates.js';
import { findUserById, updateUser, type UserRow } from './users.repository.js';
import {
  consumeOneTimeToken,
  issueOneTimeToken,
  lockUserForTokens,
  retireOneTimeTokens,
  secondsSinceLastIssued,
} from './verification.repository.js';
import { TokenPurpose } from './verification.tables.js';

export const VERIFICATION_TTL_MS = 24 * 3600 * 1000;
/** The shortest time between two verification emails to one user. */
export const RESEND_INTERVAL_SECONDS = 60;

/** The one answer for an unknown, used, expired or stale token: it says nothing more. */
export const invalidToken = () =>
  new AppError(
    'AUTH.TOKEN_INVALID',
    400,
    'This link is invalid, was already used or has expired. Ask for a new one.',
  );

/** Too soon to send another email; `retryAfterSeconds` goes into Retry-After. */
export const tooSoon = (code: string, retryAfterSeconds: number) =>
  new AppError(code, 429, `Please wait ${retryAfterSeconds} seconds before asking again.`, {
    retryAfterSeconds,
  });

async function sendVerificationMail(platform: Platform, tx: Tx, user: UserRow): Promise<void> {
  const token = await issueOneTimeToken(tx, {
    purpose: TokenPurpose.verifyEmail,
    userId: user.id,
    email: user.email,
    ttlMs: VERIFICATION_TTL_MS,
  });
  await platform.mail.enqueue(
    tx,
    verificationMail(platform.config.publicBaseUrl, { to: user.email, name: user.name }, token),
  );
}

/**
 * On registration: a verification email (unless the address is already
 * verified, e.g. by an OpenID provider) and a welcome email, queued in the
 * relay's transaction so a redelivered event sends nothing twice.
 */
export function subscribeRegistrationMail(platform: Platform): void {
  platform.bus.subscribe<{ userId: string }>(
    'identity.registration-mail',
    [IDENTITY_EVENTS.userRegistered],
    async (event, tx) => {
      const user = await findUserById(tx, event.payload.userId);
      if (!user || user.status !== 'active') return;
      if (!user.emailVerifiedAt) await sendVerificationMail(platform, tx, user);
      await platform.mail.enqueue(
        tx,
        welcomeMail(platform.config.publicBaseUrl, { to: user.email, name: user.name }),
      );
    },
  );
}

/** Redeems a verification token: marks the address verified, once. */
export async function verifyEmail(
  platform: Platform,
  token: string,
): Promise<{ userId: string; emailVerifiedAt: Date }> {
  return platform.database.transaction(async (tx) => {
    const redeemed = await consumeOneTimeToken(tx, TokenPurpose.verifyEmail, token);
    if (!redeemed) throw invalidToken();
    const user = await findUserById(tx, redeemed.userId);
    // A token proves the address it was sent to, not whatever the account holds now.
    if (
      !user ||
      user.status === 'deleted' ||
      user.email.toLowerCase() !== redeemed.email.toLowerCase()
    )
      throw invalidToken();
    if (user.emailVerifiedAt) return { userId: user.id, emailVerifiedAt: user.emailVerifiedAt };
    const updated = await updateUser(tx, user.id, { emailVerifiedAt: new Date() });
    await retireOneTimeTokens(tx, TokenPurpose.verifyEmail, user.id);
    await addEvent(tx, { name: 'identity.email.verified', payload: { userId: user.id } });
    return { userId: user.id, emailVerifiedAt: updated!.emailVerifiedAt! };
  });
}

/** Sends a fresh verification email to a signed-in, unverified user, at most once a minute. */
export async function resendVerification(platform: Platform, userId: string): Promise<void> {
  await platform.database.transaction(async (tx) => {
    // Serialises concurrent resends of one user, so the interval check holds.
    await lockUserForTokens(tx, userId);
    const user = await findUserById(tx, userId);
    if (!user || user.status !== 'active') throw notFound('The account');
    if (user.emailVerifiedAt)
      throw conflict('AUTH.EMAIL_ALREADY_VERIFIED', 'Your email address is already verified.');
    const age = await secondsSinceLastIssued(tx, TokenPurpose.verifyEmail, userId);
    if (age !== null && age < RESEND_INTERVAL_SECONDS)
      throw tooSoon('AUTH.VERIFICATION_RESEND_TOO_SOON', Math.ceil(RESEND_INTERVAL_SECONDS - age));
    await sendVerificationMail(platform, tx, user);
  });
}
