import { AppError, forbidden, invalidField } from '../../platform/http/errors.js';
import type { IdentityContext } from './identity.context.js';
import { verifyPassword } from './passwords.js';
import { sessionAgeSeconds } from './sessions.repository.js';

/** An account without a password must have signed in this recently for a sensitive change. */
export const RECENT_SIGN_IN_SECONDS = 10 * 60;

const wrongPassword = () =>
  new AppError('IDENTITY.WRONG_PASSWORD', 403, 'The current password is incorrect.');

/** True when `sessionId` was opened by a sign-in within RECENT_SIGN_IN_SECONDS. */
export async function signedInRecently(ctx: IdentityContext, sessionId: string): Promise<boolean> {
  const age = await sessionAgeSeconds(ctx.platform.database.db, sessionId);
  return age !== null && age <= RECENT_SIGN_IN_SECONDS;
}

/**
 * Proof that the person at the keyboard is the account's owner, not just
 * someone holding a session: the current password, or, for an account
 * without one (OpenID only), a sign-in within RECENT_SIGN_IN_SECONDS.
 * 400 when the password is missing, 403 when it is wrong or the sign-in too old.
 */
export async function assertReauthenticated(
  ctx: IdentityContext,
  user: { passwordHash: string | null },
  proof: { sessionId: string; password: string | undefined },
  action: string,
): Promise<void> {
  if (user.passwordHash) {
    if (proof.password === undefined)
      throw invalidField('body.password', 'Your current password is required.');
    if (!(await verifyPassword(user.passwordHash, proof.password))) throw wrongPassword();
    return;
  }
  if (!(await signedInRecently(ctx, proof.sessionId))) {
    throw forbidden(
      `Sign in again to ${action} (an account without a password needs a sign-in within the last ${RECENT_SIGN_IN_SECONDS / 60} minutes).`,
      'AUTH.RECENT_SIGN_IN_REQUIRED',
    );
  }
}
