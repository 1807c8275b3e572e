import type { Platform } from '../../../platform/platform.js';
import { findUserById } from '../accounts/users.repository.js';
import { passwordChangedMail } from '../email/mail-templates.js';
import { RETIRED_BY_NEW_PASSWORD } from '../email/password-reset.service.js';
import { retireOneTimeTokens } from '../email/verification.repository.js';
import { IDENTITY_EVENTS, type PasswordChangedPayload } from '../identity.events.js';

/**
 * Every password change (reset or /me/password): tell the owner, retire pending reset links
 * and any pending email change (the old address's notice says a new password cancels it).
 */
export function subscribePasswordChangedMail(platform: Platform): void {
  const { config, mail } = platform;
  platform.bus.subscribe<PasswordChangedPayload>(
    'identity.password-changed-mail',
    [IDENTITY_EVENTS.passwordChanged],
    async (event, tx) => {
      const user = await findUserById(tx, event.payload.userId);
      if (!user || user.status === 'deleted') return;
      await retireOneTimeTokens(tx, RETIRED_BY_NEW_PASSWORD, user.id);
      await mail.enqueue(
        tx,
        passwordChangedMail(config.publicBaseUrl, { to: user.email, name: user.name }),
      );
    },
  );
}
