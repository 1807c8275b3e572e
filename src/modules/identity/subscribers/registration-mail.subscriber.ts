import type { Platform } from '../../../platform/platform.js';
import { findUserById } from '../accounts/users.repository.js';
import { welcomeMail } from '../email/mail-templates.js';
import { sendVerificationMail } from '../email/verification.service.js';
import { IDENTITY_EVENTS, type UserRegisteredPayload } from '../identity.events.js';

/**
 * On registration: a verification email (unless the address is already
 * verified, e.g. by an OpenID provider) and a welcome email, queued in the
 * relay's transaction so a redelivered event sends nothing twice.
 */
export function subscribeRegistrationMail(platform: Platform): void {
  platform.bus.subscribe<UserRegisteredPayload>(
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
