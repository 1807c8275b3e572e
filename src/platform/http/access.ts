import type { FastifyInstance, preValidationAsyncHookHandler } from 'fastify';
import { forbidden, unauthorized } from './errors.js';
import { hasPermission, type Permission } from './permissions.js';
import './principal.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route needs a signed-in principal (401 otherwise). */
    auth?: boolean;
    /** The route needs this permission from the permission map (403 otherwise); implies auth. */
    permission?: Permission;
    /** For API tokens: the scope the route needs (`read` for GET, `write` otherwise by default). */
    scope?: 'read' | 'write';
  }
}

/**
 * Enforces the route options `{ auth: true }` and `{ permission: '...' }`
 * after authentication has set `request.principal`. Object-level checks stay
 * in the use cases.
 */
export function installAccessControl(app: FastifyInstance): void {
  // Attached per route, so routes open to everyone pay nothing for it.
  app.addHook('onRoute', (route) => {
    const { auth, permission, scope } = route.config ?? {};
    if (!auth && !permission) return;
    const check: preValidationAsyncHookHandler = async (request) => {
      const principal = request.principal;
      if (!principal) throw unauthorized();
      if (principal.scopes) {
        const needed = scope ?? (request.method === 'GET' ? 'read' : 'write');
        if (!principal.scopes.includes(needed)) {
          throw forbidden(`This API token lacks the "${needed}" scope.`, 'AUTH.INSUFFICIENT_SCOPE');
        }
      }
      if (permission && !hasPermission(principal.roles, permission)) {
        throw forbidden(`You need the "${permission}" permission.`, 'AUTH.PERMISSION_DENIED');
      }
    };
    const existing = route.preValidation;
    route.preValidation = existing
      ? [check, ...(Array.isArray(existing) ? existing : [existing])]
      : check;
  });
}
