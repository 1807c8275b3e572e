import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, rateLimited, serviceUnavailable } from '../../../platform/http/errors.js';
import type { App } from '../../../platform/http/types.js';
import type { IdentityContext } from '../identity.context.js';
import { principalForApiToken } from '../api-tokens/api-tokens.service.js';
import { Batcher, BatchTimeoutError } from '../../../platform/batching.js';
import { sessionAuthStates, type SessionAuthState } from './sessions.repository.js';
import { API_TOKEN_PREFIX } from './tokens.js';
import { IDENTITY_ERRORS } from '../identity.errors.js';

/** A bad credential on any request is a 401, with the RFC 6750 challenge. */
export function invalidToken(
  reply: FastifyReply,
  message = 'The access token is invalid or expired.',
) {
  reply.header('www-authenticate', 'Bearer error="invalid_token"');
  return new AppError(IDENTITY_ERRORS.invalidToken, 401, message);
}

/**
 * The authentication hook: reads `Authorization: Bearer`, verifies the token
 * and that its session and user are still live, and sets `request.principal`.
 * Registered unencapsulated so every route in the app sees the principal.
 */
export const authentication = fp(
  async (app: App, opts: { ctx: IdentityContext }) => {
    const { ctx } = opts;
    const db = ctx.platform.database.db;
    // Concurrent requests share one lookup: while one runs, the next gathers.
    const sessionStates = new Batcher<string, SessionAuthState | undefined>(
      async (ids) => {
        const rows = await sessionAuthStates(ctx.platform.database.pool, [...new Set(ids)]).catch(
          (error: unknown) => {
            // Logged once for the batch; each request in it gets a 503 to retry.
            ctx.platform.log.error({ err: error, sessions: ids.length }, 'session lookup failed');
            throw serviceUnavailable();
          },
        );
        const byId = new Map(rows.map((row) => [row.sessionId, row]));
        return ids.map((id) => byId.get(id));
      },
      { maxBatch: 500, maxInFlight: 1, timeoutMs: 5_000 },
    );
    const sessionState = (sessionId: string) =>
      sessionStates.push(sessionId).catch((error: unknown) => {
        throw error instanceof BatchTimeoutError ? serviceUnavailable() : error;
      });
    // Failed authentications count against the address's own bucket in the app's
    // rate limit: the request is refused in onRequest, before the global limit's
    // hook, so without this a flood of made-up tokens would never be limited.
    const { rateLimitMax: max, rateLimitWindowMs: windowMs } = ctx.platform.config;
    const failures = app.createRateLimit({
      max,
      timeWindow: windowMs,
      keyGenerator: (request) => `auth-failed:${request.ip}`,
    });
    const limited = (
      reply: FastifyReply,
      outcome: Awaited<ReturnType<typeof failures>>,
    ): AppError | null => {
      if (outcome.isAllowed || !outcome.isExceeded) return null;
      reply.header('retry-after', String(outcome.ttlInSeconds));
      return rateLimited(outcome.max, windowMs, `${outcome.ttlInSeconds} seconds`);
    };
    /** Counts a failure; past the limit, the answer is 429 instead of 401. */
    const refuse = async (request: FastifyRequest, reply: FastifyReply, error: AppError) =>
      limited(reply, await failures(request)) ?? error;
    const authenticate = async (request: FastifyRequest, reply: FastifyReply, header: string) => {
      const match = /^Bearer +([^\s]+)\s*$/i.exec(header);
      if (!match)
        throw await refuse(
          request,
          reply,
          invalidToken(reply, 'The Authorization header must be "Bearer <token>".'),
        );
      const token = match[1]!;
      if (token.startsWith(API_TOKEN_PREFIX)) {
        // An address already past the limit costs no database lookup.
        const over = limited(reply, await failures(request, { increment: false }));
        if (over) throw over;
        const principal = await principalForApiToken(db, token);
        if (!principal)
          throw await refuse(
            request,
            reply,
            invalidToken(reply, 'The API token is invalid, expired or revoked.'),
          );
        request.principal = principal;
        return;
      }
      // A token whose signature fails costs no lookup; one that passes was issued by us.
      const claims = ctx.tokens.verify(token);
      if (!claims) throw await refuse(request, reply, invalidToken(reply));
      const state = await sessionState(claims.sessionId);
      if (
        !state ||
        state.userId !== claims.userId ||
        state.revoked ||
        state.expiresAtMs <= Date.now() ||
        state.status !== 'active'
      ) {
        throw await refuse(
          request,
          reply,
          invalidToken(reply, 'The session has ended; sign in again.'),
        );
      }
      // Roles come from the database, so a role change applies at once.
      request.principal = {
        userId: claims.userId,
        sessionId: claims.sessionId,
        roles: state.roles,
        emailVerified: state.emailVerified,
      };
    };
    // Callback style: an anonymous request passes without a promise or a tick.
    app.addHook('onRequest', (request, reply, done) => {
      const header = request.headers.authorization;
      if (header === undefined) return done();
      authenticate(request, reply, header).then(() => done(), done);
    });
  },
  { name: 'identity-authentication' },
);
