import type { Tx } from '../../../platform/db/database.js';
import { conflict, notFound } from '../../../platform/http/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { IDENTITY_EVENTS, identityEvents } from '../identity.events.js';
import { verificationMail } from './mail-templates.js';
import { mailOneTimeToken, redeemOneTimeToken, tooSoon } from './one-time-tokens.service.js';
import { findUserById, updateUser, type UserRow } from '../accounts/users.repository.js';
import {
  lockUserForTokens,
  retireOneTimeTokens,
  secondsSinceLastIssued,
} from './verification.repository.js';
import { TokenPurpose } from '../identity.tables.js';
import { IDENTITY_ERRORS } from '../identity.errors.js';

export const VERIFICATION_TTL_MS = 24 * 3600 * 1000;
/** The shortest time between two verification emails to one user. */
export const RESEND_INTERVAL_SECONDS = 60;

export async function sendVerificationMail(
  platform: Platform,
  tx: Tx,
  user: UserRow,
): Promise<void> {
  const to = { to: user.email, name: user.name };
  await mailOneTimeToken(
    platform,
    tx,
    {
      purpose: TokenPurpose.verifyEmail,
      userId: user.id,
      email: user.email,
      ttlMs: VERIFICATION_TTL_MS,
    },
    (token) => verificationMail(platform.config.publicBaseUrl, to, token),
  );
}

/** Redeems a verification token: marks the address verified, once. */
export async function verifyEmail(
  platform: Platform,
  token: string,
): Promise<{ userId: string; emailVerifiedAt: Date }> {
  return platform.database.transaction(async (tx) => {
    const { user } = await redeemOneTimeToken(tx, TokenPurpose.verifyEmail, token, {
      sentToAccountEmail: true,
    });
    if (user.emailVerifiedAt) return { userId: user.id, emailVerifiedAt: user.emailVerifiedAt };
    const updated = await updateUser(tx, user.id, { emailVerifiedAt: new Date() });
    await retireOneTimeTokens(tx, TokenPurpose.verifyEmail, user.id);
    await identityEvents.emit(tx, IDENTITY_EVENTS.emailVerified, { userId: user.id });
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
      throw conflict(
        IDENTITY_ERRORS.emailAlreadyVerified,
        'Your email address is already verified.',
      );
    const age = await secondsSinceLastIssued(tx, TokenPurpose.verifyEmail, userId);
    if (age !== null && age < RESEND_INTERVAL_SECONDS)
      throw tooSoon(
        IDENTITY_ERRORS.verificationResendTooSoon,
        Math.ceil(RESEND_INTERVAL_SECONDS - age),
      );
    await sendVerificationMail(platform, tx, user);
  });
}
