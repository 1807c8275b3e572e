import { invalidField } from '../../../platform/http/errors.js';
import type { JobDefinition } from '../../../platform/jobs/jobs.js';
import type { PasswordReset } from '../identity.context.js';
import type { Platform } from '../../../platform/platform.js';
import { AUDIT_ACTIONS, recordAudit } from '../admin/audit.js';
import { IDENTITY_EVENTS, identityEvents } from '../identity.events.js';
import { hashPassword, passwordProblem } from '../accounts/passwords.js';
import { revokeUserApiTokens } from '../api-tokens/api-tokens.service.js';
import { revokeUserSessions } from '../sessions/sessions.repository.js';
import { updateUser } from '../accounts/users.repository.js';
import { redeemOneTimeToken } from './one-time-tokens.service.js';
import { lockTokenOwner, retireOneTimeTokens } from './verification.repository.js';
import { TokenPurpose } from '../identity.tables.js';

export const RESET_TTL_MS = 3600 * 1000;
/** The shortest time between two reset emails to one account (silently enforced). */
export const RESET_INTERVAL_SECONDS = 60;
/** What a new password cancels: other reset links and a pending email change (or its approval). */
export const RETIRED_BY_NEW_PASSWORD = [
  TokenPurpose.resetPassword,
  TokenPurpose.changeEmail,
  TokenPurpose.approveEmailChange,
];

/**
 * Password reset. The HTTP answer to "forgot" does the same work for every
 * address (it queues `requestJob`, jobs/password-reset-request.job.ts), so
 * neither its body nor its timing tells whether an account exists.
 */
export function createPasswordReset(
  platform: Platform,
  requestJob: JobDefinition<{ email: string }>,
): PasswordReset {
  const { database } = platform;

  return {
    requestJob,
    async forgot(email) {
      await platform.jobs.send(requestJob, { email: email.trim() });
    },
    async reset(token, password, meta) {
      await database.transaction(async (tx) => {
        // The account first: minting an API token locks it too, so a token minted
        // meanwhile is either revoked below or refused (its session is gone).
        await lockTokenOwner(tx, token);
        const { user } = await redeemOneTimeToken(tx, TokenPurpose.resetPassword, token, {
          sentToAccountEmail: true,
        });
        // Throwing here rolls the transaction back: the token stays usable for a better password.
        const problem = passwordProblem(password, user.email);
        if (problem) throw invalidField('body.password', `Password ${problem}.`);
        await updateUser(tx, user.id, {
          passwordHash: await hashPassword(password),
          // The link reached this inbox: that proves the address too.
          ...(user.emailVerifiedAt ? {} : { emailVerifiedAt: new Date() }),
        });
        await retireOneTimeTokens(tx, RETIRED_BY_NEW_PASSWORD, user.id);
        const revoked = await revokeUserSessions(tx, user.id, 'password_reset');
        const apiTokensRevoked = await revokeUserApiTokens(tx, user.id);
        await recordAudit(tx, {
          userId: user.id,
          action: AUDIT_ACTIONS.passwordReset,
          ...meta,
          details: { sessionsRevoked: revoked, apiTokensRevoked },
        });
        await identityEvents.emit(tx, IDENTITY_EVENTS.passwordChanged, {
          userId: user.id,
          via: 'reset',
        });
      });
    },
  };
}
