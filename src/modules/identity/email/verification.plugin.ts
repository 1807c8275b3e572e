import type { App } from '../../../platform/http/types.js';
import { emailChangeRoutes } from './email-change.routes.js';
import type { IdentityContext } from '../identity.context.js';
import { oidcRoutes } from '../oidc/oidc.routes.js';
import { createOidcSignIn } from '../oidc/oidc.service.js';
import { passwordResetRoutes } from './password-reset.routes.js';
import { createPasswordReset } from './password-reset.service.js';
import { verificationRoutes } from './verification.routes.js';
import { subscribeRegistrationMail } from './verification.service.js';

/**
 * Email verification, email change, password reset and OpenID Connect sign-in: their
 * subscribers, job and routes. Registered by the identity plugin, which
 * owns the access-token signer they need.
 */
export async function emailAndOidcPlugin(app: App, { ctx }: { ctx: IdentityContext }) {
  subscribeRegistrationMail(ctx.platform);
  const passwordReset = createPasswordReset(ctx.platform);
  await app.register(verificationRoutes);
  await app.register(emailChangeRoutes, { ctx });
  await app.register(passwordResetRoutes(passwordReset));
  await app.register(oidcRoutes(createOidcSignIn(ctx)));
}
