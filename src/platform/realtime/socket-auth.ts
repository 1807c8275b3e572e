import type { FastifyBaseLogger } from 'fastify';
import type { Connection } from './connection.js';
import { CLOSE, REALTIME_ERRORS, type ClientMessage } from './protocol.js';
import type { RealtimeAuthenticator, RealtimeIdentity } from './realtime.types.js';
import type { RealtimeStore } from './store.js';
import type { Subscriptions } from './subscriptions.js';
import type { Wire } from './wire.js';

/**
 * Who each socket is: the \`auth\` command (an access token, or a one-time
 * ticket), the per-user socket limit, the re-check when the access token
 * would expire, and the sweep that closes sockets whose sessions ended.
 */
export class SocketAuth {
  authenticator?: RealtimeAuthenticator;
  private readonly perUser = new Map<string, number>();

  constructor(
    private readonly store: RealtimeStore,
    private readonly wire: Wire,
    private readonly subscriptions: Subscriptions,
    private readonly connections: ReadonlySet<Connection>,
    private readonly maxPerUser: number,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Forgets a socket that went away. */
  release(conn: Connection): void {
    clearTimeout(conn.expiryTimer);
    if (conn.userId) decrement(this.perUser, conn.userId);
  }

  async authenticate(conn: Connection, message: ClientMessage): Promise<void> {
    const data = (message.data ?? {}) as { token?: unknown; ticket?: unknown };
    let identity: RealtimeIdentity | null = null;
    if (typeof data.token === 'string' && data.token.length <= 4096) {
      identity = (await this.authenticator?.authenticate(data.token)) ?? null;
    } else if (typeof data.ticket === 'string') {
      const ticket = await this.store.redeemTicket(data.ticket);
      if (ticket)
        identity = (await this.authenticator?.authenticateSession(ticket.sessionId)) ?? null;
    } else {
      return this.wire.error(
        conn,
        message,
        REALTIME_ERRORS.badMessage,
        '"auth" needs data.token (an access token) or data.ticket.',
      );
    }
    if (conn.closing) return;
    if (!identity)
      return this.wire.close(conn, CLOSE.unauthenticated, 'the token or ticket was refused');
    this.signIn(conn, identity, message.id);
  }

  signIn(conn: Connection, identity: RealtimeIdentity, id: ClientMessage['id']): void {
    const userId = identity.principal.userId;
    if (conn.userId && conn.userId !== userId)
      return this.wire.close(conn, CLOSE.unauthenticated, 'a socket cannot change its user');
    if (!conn.userId) {
      if ((this.perUser.get(userId) ?? 0) >= this.maxPerUser)
        return this.wire.close(conn, CLOSE.tooManyConnections, 'too many sockets for this user');
      this.perUser.set(userId, (this.perUser.get(userId) ?? 0) + 1);
    }
    conn.identity = identity;
    clearTimeout(conn.expiryTimer);
    conn.expiryTimer = setTimeout(
      () => void this.recheck(conn),
      Math.max(0, identity.expiresAtMs - Date.now()),
    );
    conn.expiryTimer.unref();
    this.wire.reply(conn, {
      type: 'authenticated',
      ...(id !== undefined ? { id } : {}),
      data: { userId, expiresAt: new Date(identity.expiresAtMs).toISOString() },
    });
  }

  /**
   * The access token expired without a fresh one: the session is asked again
   * (its roles may have changed, or it ended) and every subscription is
   * authorised again.
   */
  private async recheck(conn: Connection): Promise<void> {
    const sessionId = conn.identity?.principal.sessionId;
    const fresh = sessionId ? await this.authenticator?.authenticateSession(sessionId) : null;
    if (conn.closing) return;
    if (!fresh || fresh.principal.userId !== conn.userId)
      return this.wire.close(conn, CLOSE.sessionEnded, 'the session has ended');
    conn.identity = fresh;
    conn.expiryTimer = setTimeout(
      () => void this.recheck(conn),
      Math.max(1_000, fresh.expiresAtMs - Date.now()),
    );
    conn.expiryTimer.unref();
    for (const sub of [...conn.subs.values()]) await this.subscriptions.reauthorize(sub);
  }

  /** Closes the sockets of this instance whose sessions ended. */
  async sweep(): Promise<void> {
    if (!this.authenticator) return;
    const bySession = new Map<string, Connection[]>();
    for (const conn of this.connections) {
      const id = conn.identity?.principal.sessionId;
      if (id && !conn.closing) bySession.set(id, [...(bySession.get(id) ?? []), conn]);
    }
    if (bySession.size === 0) return;
    try {
      const active = await this.authenticator.activeSessions([...bySession.keys()]);
      for (const [id, conns] of bySession)
        if (!active.has(id))
          for (const conn of conns)
            this.wire.close(conn, CLOSE.sessionEnded, 'the session has ended');
    } catch (error) {
      this.log.warn({ err: error }, 'realtime: session check failed; trying again later');
    }
  }
}

export function decrement(map: Map<string, number>, key: string): void {
  const left = (map.get(key) ?? 1) - 1;
  if (left <= 0) map.delete(key);
  else map.set(key, left);
}
