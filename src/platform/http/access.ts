import type { FastifyInstance, FastifyReply, preValidationHookHandler } from 'fastify';
import { forbidden, unauthorized } from './errors.js';
import { hasPermission, type Permission } from './permissions.js';
import type { Principal } from './principal.js';
import './principal.js';

export type Scope = 'read' | 'write';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route needs a signed-in principal (401 otherwise). */
    auth?: boolean;
    /** The route needs this permission from the permission map (403 otherwise); implies auth. */
    permission?: Permission;
    /** For API tokens: the scope the route needs (`read` for GET and HEAD, `write` otherwise by default). */
    scope?: Scope;
    /**
     * Answers carry credentials or private data: `Cache-Control: no-store`
     * (implied by auth, and on any route for a signed-in caller).
     */
    noStore?: boolean;
  }
}

/** The scope a request needs from an API token: the route's own, else by its method. */
export function scopeFor(method: string, declared?: Scope): Scope {
  return declared ?? (method === 'GET' || method === 'HEAD' ? 'read' : 'write');
}

/** 403 when `principal` is an API token without `scope`; sessions carry every scope. */
export function assertScope(principal: Principal | null, scope: Scope): void {
  if (principal?.scopes && !principal.scopes.includes(scope)) {
    throw forbidden(`This API token lacks the "${scope}" scope.`, 'AUTH.INSUFFICIENT_SCOPE');
  }
}

/** True when the principal's roles grant `permission` (scopes are checked per request, not here). */
export function isAllowed(principal: Principal | null, permission: Permission): boolean {
  return !!principal && hasPermission(principal.roles, permission);
}

/** 401 without a principal, 403 when its roles do not grant `permission`. */
export function assertPermission(principal: Principal | null, permission: Permission): Principal {
  if (!principal) throw unauthorized();
  if (!hasPermission(principal.roles, permission)) {
    throw forbidden(`You need the "${permission}" permission.`, 'AUTH.PERMISSION_DENIED');
  }
  return principal;
}

/**
 * 403 for an API token where only a real sign-in will do (managing tokens and
 * sessions, deleting the account): a leaked token must not outlast or erase
 * the account it was made for.
 */
export function assertSession(principal: Principal, action = 'manage API tokens'): void {
  if (!principal.sessionId) {
    throw forbidden(`API tokens cannot ${action}; sign in.`, 'AUTH.SESSION_REQUIRED');
  }
}

/**
 * `Cache-Control: no-store` on every answer of the routes registered in
 * `scope`: for plugins whose answers carry credentials (sign-in, refresh,
 * password reset), so no route there can forget it.
 */
export function markNoStore(scope: FastifyInstance): void {
  scope.addHook('onRequest', (_request, reply, done) => {
    reply.header('cache-control', NO_STORE);
    done();
  });
}

const NO_STORE = 'no-store';

/** Adds `Authorization` to the answer's `Vary` (keeping what CORS put there). */
function varyOnAuthorization(reply: FastifyReply): void {
  const vary = reply.getHeader('vary');
  const names = (Array.isArray(vary) ? vary.join(',') : String(vary ?? ''))
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.some((name) => name === '*' || name.toLowerCase() === 'authorization')) return;
  reply.header('vary', [...names, 'Authorization'].join(', '));
}

/** The OpenAPI security requirement of a route that needs a signed-in principal. */
export const BEARER = [{ bearerAuth: [] }];

/**
 * Enforces the route options `{ auth: true }` and `{ permission: '...' }`
 * after authentication has set `request.principal`, and on every route the
 * scope of an API token (a read-only token writes nowhere, whether or not the
 * route needs a sign-in). Routes that need a principal are documented with
 * `security` from the same declaration, and answered with `Cache-Control:
 * no-store` (as are routes marked `noStore`). So is every answer computed for
 * a signed-in caller on an open route (a profile with its email, `favorited`
 * flags): no cache may keep it or hand it to someone else, and every answer of
 * an open route carries `Vary: Authorization`, since it may depend on who asks.
 * Object-level checks stay in the use cases.
 */
export function installAccessControl(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const { auth, permission, scope, noStore } = route.config ?? {};
    const needsPrincipal = !!auth || !!permission;
    const isPrivate = needsPrincipal || !!noStore;
    // The OpenAPI document says what this hook enforces: the same declaration drives both.
    if (needsPrincipal && route.schema) {
      const schema = route.schema as { security?: unknown };
      schema.security ??= BEARER;
    }
    // Callback style: an anonymous request on an open route passes without a promise.
    const check: preValidationHookHandler = (request, reply, done) => {
      const principal = request.principal;
      // Set before the handler runs, so errors carry it too; a handler may still choose its own.
      if (isPrivate || principal) reply.header('cache-control', NO_STORE);
      if (!isPrivate) varyOnAuthorization(reply);
      try {
        if (needsPrincipal && !principal) throw unauthorized();
        assertScope(principal, scopeFor(request.method, scope));
        if (permission) assertPermission(principal, permission);
      } catch (error) {
        return done(error as Error);
      }
      done();
    };
    const existing = route.preValidation;
    route.preValidation = existing
      ? [check, ...(Array.isArray(existing) ? existing : [existing])]
      : check;
  });
}
