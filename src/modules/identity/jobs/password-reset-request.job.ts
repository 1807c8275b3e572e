import { defineJob } from '../../../platform/jobs/jobs.js';
import type { Platform } from '../../../platform/platform.js';
import { findUserByEmail } from '../accounts/users.repository.js';
import { passwordResetMail } from '../email/mail-templates.js';
import { mailOneTimeToken } from '../email/one-time-tokens.service.js';
import { RESET_INTERVAL_SECONDS, RESET_TTL_MS } from '../email/password-reset.service.js';
import { lockUserForTokens, secondsSinceLastIssued } from '../email/verification.repository.js';
import { TokenPurpose } from '../identity.tables.js';

/**
 * Looks a "forgot password" address up and mails an existing, active account
 * a one-time reset link (1 h), at most once a minute; unknown addresses get
 * nothing. The HTTP answer only queued this job, whatever the address.
 */
export function passwordResetRequestJob(platform: Platform) {
  const { database, config } = platform;
  return defineJob<{ email: string }>({
    name: 'identity.password-reset-request',
    retryLimit: 3,
    handle: ({ email }) =>
      database.transaction(async (tx) => {
        const user = await findUserByEmail(tx, email);
        if (!user || user.status !== 'active') return;
        await lockUserForTokens(tx, user.id);
        const age = await secondsSinceLastIssued(tx, TokenPurpose.resetPassword, user.id);
        if (age !== null && age < RESET_INTERVAL_SECONDS) return;
        const to = { to: user.email, name: user.name };
        await mailOneTimeToken(
          platform,
          tx,
          {
            purpose: TokenPurpose.resetPassword,
            userId: user.id,
            email: user.email,
            ttlMs: RESET_TTL_MS,
          },
          (token) => passwordResetMail(config.publicBaseUrl, to, token),
        );
      }),
  });
}
