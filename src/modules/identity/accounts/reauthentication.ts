import { AppError, forbidden, invalidField } from '../../../platform/http/errors.js';
import type { IdentityContext } from '../identity.context.js';
import { verifyPassword } from './passwords.js';
import { sessionAgeSeconds } from '../sessions/sessions.repository.js';
import {
  currentPasswordGates,
  releaseAttempt,
  reserveAttempt,
  type Reservation,
} from './throttle.js';
import { IDENTITY_ERRORS } from '../identity.errors.js';

/** An account without a password must have signed in this recently for a sensitive change. */
export const RECENT_SIGN_IN_SECONDS = 10 * 60;

const wrongPassword = () =>
  new AppError(IDENTITY_ERRORS.wrongPassword, 403, 'The current password is incorrect.');

/** True when `sessionId` was opened by a sign-in within RECENT_SIGN_IN_SECONDS. */
export async function signedInRecently(ctx: IdentityContext, sessionId: string): Promise<boolean> {
  const age = await sessionAgeSeconds(ctx.platform.database.db, sessionId);
  return age !== null && age <= RECENT_SIGN_IN_SECONDS;
}

/**
 * Checks the current password of `user` against its per-account throttle
 * (currentPasswordGates), shared by every check of it: the attempt is reserved
 * (counted as a failure, 429 once the account is locked) before the password
 * is verified, so parallel guesses are checked in turn. 403 when it is wrong
 * (after `onWrong`). On success the caller gets the reservation and releases
 * it (releaseAttempt) with the change it guarded.
 */
export async function checkCurrentPassword(
  ctx: IdentityContext,
  user: { id: string; passwordHash: string | null },
  password: string,
  onWrong?: () => Promise<void>,
): Promise<Reservation> {
  const { config, database } = ctx.platform;
  const policy = { maxFailures: config.loginMaxFailures, lockSeconds: config.loginLockSeconds };
  const reservation = await reserveAttempt(
    database,
    currentPasswordGates(user.id, policy),
    policy.lockSeconds,
    'password attempts',
  );
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, password))) {
    await onWrong?.();
    throw wrongPassword();
  }
  return reservation;
}

/**
 * Proof that the person at the keyboard is the account's owner, not just
 * someone holding a session: the current password (checkCurrentPassword, so
 * throttled), or, for an account without one (OpenID only), a sign-in within
 * RECENT_SIGN_IN_SECONDS.
 * 400 when the password is missing, 403 when it is wrong or the sign-in too
 * old, 429 when the account's password guesses are locked.
 */
export async function assertReauthenticated(
  ctx: IdentityContext,
  user: { id: string; passwordHash: string | null },
  proof: { sessionId: string; password: string | undefined },
  action: string,
): Promise<void> {
  if (user.passwordHash) {
    if (proof.password === undefined)
      throw invalidField('body.password', 'Your current password is required.');
    const reservation = await checkCurrentPassword(ctx, user, proof.password);
    await releaseAttempt(ctx.platform.database.db, reservation);
    return;
  }
  if (!(await signedInRecently(ctx, proof.sessionId))) {
    throw forbidden(
      `Sign in again to ${action} (an account without a password needs a sign-in within the last ${RECENT_SIGN_IN_SECONDS / 60} minutes).`,
      IDENTITY_ERRORS.recentSignInRequired,
    );
  }
}
