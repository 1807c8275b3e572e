import type { Tx } from '../../../platform/db/database.js';
import { AppError } from '../../../platform/http/errors.js';
import type { MailMessage } from '../../../platform/mail/mail.js';
import type { Platform } from '../../../platform/platform.js';
import { findUserById, type UserRow } from '../accounts/users.repository.js';
import {
  consumeOneTimeToken,
  issueOneTimeToken,
  type OneTimeTokenRow,
  type TokenGrant,
} from './verification.repository.js';
import type { TokenPurpose } from '../identity.tables.js';
import { linkInvalid } from '../identity.errors.js';

/**
 * The one-time-token flows (verification, password reset, email change and its
 * approval and cancellation) share
 * this: a token is issued and mailed in the caller's transaction, and redeemed
 * once, with the same answer for every way a token can be unusable.
 */

/** Too soon to send another email; `retryAfterSeconds` goes into Retry-After. */
export const tooSoon = (code: string, retryAfterSeconds: number) =>
  new AppError(code, 429, `Please wait ${retryAfterSeconds} seconds before asking again.`, {
    retryAfterSeconds,
  });

/**
 * Issues a token and queues the email that carries it (`compose` builds it
 * around the secret) to `grant.email`, in `tx`: both happen or neither.
 */
export async function mailOneTimeToken(
  platform: Platform,
  tx: Tx,
  grant: TokenGrant,
  compose: (token: string) => MailMessage,
): Promise<{ expiresAt: Date }> {
  const { token, expiresAt } = await issueOneTimeToken(tx, grant);
  await platform.mail.enqueue(tx, compose(token));
  return { expiresAt };
}

/**
 * Uses a token once and returns it with its account, or throws linkInvalid.
 * A verification, reset, approval or cancel token proves the address it was
 * sent to, so that address must still be the account's (`sentToAccountEmail`);
 * an email-change token was sent to the address the account is moving to.
 */
export async function redeemOneTimeToken(
  tx: Tx,
  purpose: TokenPurpose,
  token: string,
  { sentToAccountEmail }: { sentToAccountEmail: boolean },
): Promise<{ grant: OneTimeTokenRow; user: UserRow }> {
  const grant = await consumeOneTimeToken(tx, purpose, token);
  if (!grant) throw linkInvalid();
  const user = await findUserById(tx, grant.userId);
  if (!user || user.status === 'deleted') throw linkInvalid();
  if (sentToAccountEmail && user.email.toLowerCase() !== grant.email.toLowerCase())
    throw linkInvalid();
  return { grant, user };
}
