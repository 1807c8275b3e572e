import fp from 'fastify-plugin';
import { markNoStore } from '../../platform/http/access.js';
import type { App } from '../../platform/http/types.js';
import { bootstrapAdmin } from './admin/admin-bootstrap.js';
import { accountDeletionRoutes } from './accounts/account-deletion.routes.js';
import { adminUserRoutes } from './admin/admin-users.routes.js';
import { apiTokenRoutes } from './api-tokens/api-tokens.routes.js';
import { authRoutes } from './accounts/auth.routes.js';
import { authentication } from './sessions/authentication.js';
import { rememberContext, type IdentityContext } from './identity.context.js';
import { invitationRoutes } from './organizers/invitations.routes.js';
import { meRoutes } from './accounts/me.routes.js';
import { prepareDummyHash } from './accounts/passwords.js';
import { organizerRoutes } from './organizers/organizers.routes.js';
import { sessionRoutes } from './sessions/sessions.routes.js';
import { AccessTokens, loadSigningKey } from './sessions/tokens.js';
import { emailAndOidcPlugin } from './email/verification.plugin.js';

/**
 * The identity module: authentication hook, accounts, sessions, organizers.
 * Not encapsulated: its authentication hook must run for every module's routes.
 */
export const identityModule = fp(async function identityModule(app: App): Promise<void> {
  const { platform } = app;
  const key = await loadSigningKey(platform.config.jwtSecret, platform.config.dataDir);
  const ctx: IdentityContext = {
    platform,
    tokens: new AccessTokens(key, platform.config.accessTokenTtlSeconds),
  };
  rememberContext(ctx);
  await app.register(authentication, { ctx });
  // Sign-in, refresh and the rest of /v1/auth answer with tokens: never cached.
  await app.register(async (scope: App) => {
    markNoStore(scope);
    await scope.register(authRoutes, { ctx });
    await scope.register(emailAndOidcPlugin, { ctx });
  });
  await app.register(meRoutes, { ctx });
  await app.register(sessionRoutes, { ctx });
  await app.register(accountDeletionRoutes, { ctx });
  await app.register(apiTokenRoutes, { ctx });
  await app.register(organizerRoutes, { ctx });
  await app.register(invitationRoutes, { ctx });
  await app.register(adminUserRoutes, { ctx });
  await bootstrapAdmin(platform);
  await prepareDummyHash();
});
