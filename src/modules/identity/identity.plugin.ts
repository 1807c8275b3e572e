import type { App } from '../../platform/http/types.js';
import { authRoutes } from './auth.routes.js';
import { authentication } from './authentication.js';
import type { IdentityContext } from './identity.context.js';
import { meRoutes } from './me.routes.js';
import { organizerRoutes } from './organizers.routes.js';
import { AccessTokens, loadSigningKey } from './tokens.js';

/** The identity module: authentication hook, accounts, sessions, organizers. */
export async function identityModule(app: App): Promise<void> {
  const { platform } = app;
  const key = await loadSigningKey(platform.config.jwtSecret, platform.config.dataDir);
  const ctx: IdentityContext = {
    platform,
    tokens: new AccessTokens(key, platform.config.accessTokenTtlSeconds),
  };
  await app.register(authentication, { ctx });
  await app.register(authRoutes, { ctx });
  await app.register(meRoutes, { ctx });
  await app.register(organizerRoutes, { ctx });
}
