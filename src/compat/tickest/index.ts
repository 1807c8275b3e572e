import type { App } from '../../platform/http/types.js';
import { tickestEventRoutes } from './events.routes.js';
import { tickestFavoriteRoutes } from './favorites.routes.js';
import { TickestContext } from './tickest.context.js';
import { installTickestErrors } from './tickest.errors.js';
import { tickestGateway, type TickestDeps } from './tickest.gateway.js';
import type { Platform } from '../../platform/platform.js';
import { tickestUserRoutes } from './users.routes.js';

/**
 * The Tickest-compatible API under /api: Tickest's paths, shapes and
 * `{message}` errors, as a thin adapter over the catalogue, identity and
 * community use cases. `/healthz` lives in the health module and event images
 * at /images are served by the catalogue.
 */
export function createTickestAdapter(platform: Platform, deps: TickestDeps) {
  const ctx = new TickestContext(platform, tickestGateway(platform, deps), deps.community);
  return {
    name: 'tickest',
    routes: async (app: App) => {
      await app.register(
        async (api: App) => {
          installTickestErrors(api);
          await api.register(tickestEventRoutes, { ctx });
          await api.register(tickestFavoriteRoutes, { ctx });
          await api.register(tickestUserRoutes, { ctx });
        },
        { prefix: '/api' },
      );
    },
  };
}

export type { TickestDeps };
