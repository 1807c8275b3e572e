import type {
  RealtimeAuthenticator,
  RealtimeIdentity,
} from '../../../platform/realtime/realtime.types.js';
import type { IdentityContext } from '../identity.context.js';
import { sessionAuthStates, type SessionAuthState } from '../sessions/sessions.repository.js';

/**
 * What identity tells the WebSocket gateway: the same checks as the HTTP
 * authentication hook (signature, then a live session of an active user, roles
 * from the database), for access tokens only; API tokens do not open sockets.
 */
export function realtimeAuthenticator(ctx: IdentityContext): RealtimeAuthenticator {
  const { pool } = ctx.platform.database;
  const ttlMs = ctx.platform.config.accessTokenTtlSeconds * 1000;
  const isLive = (state: SessionAuthState | undefined): state is SessionAuthState =>
    state !== undefined &&
    !state.revoked &&
    state.status === 'active' &&
    state.expiresAtMs > Date.now();
  const identityOf = (state: SessionAuthState, expiresAtMs: number): RealtimeIdentity => ({
    principal: {
      userId: state.userId,
      sessionId: state.sessionId,
      roles: state.roles,
      emailVerified: state.emailVerified,
    },
    expiresAtMs: Math.min(expiresAtMs, state.expiresAtMs),
  });

  return {
    async authenticate(token) {
      const claims = ctx.tokens.verify(token);
      if (!claims) return null;
      const [state] = await sessionAuthStates(pool, [claims.sessionId]);
      if (!isLive(state) || state.userId !== claims.userId) return null;
      return identityOf(state, claims.expiresAtMs ?? Date.now() + ttlMs);
    },
    async authenticateSession(sessionId) {
      const [state] = await sessionAuthStates(pool, [sessionId]);
      // A ticket or a re-check vouches for one access token's lifetime at a time.
      return isLive(state) ? identityOf(state, Date.now() + ttlMs) : null;
    },
    async activeSessions(sessionIds) {
      const states = await sessionAuthStates(pool, [...new Set(sessionIds)]);
      return new Set(states.filter(isLive).map((s) => s.sessionId));
    },
  };
}
