import { and, eq, getTableName, gt, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type pg from 'pg';
import type { Executor, Tx } from '../../../platform/db/database.js';
import { sessionRotatedTokens, sessions, users } from '../identity.tables.js';

export type SessionRow = typeof sessions.$inferSelect;

export async function insertSession(
  tx: Tx,
  values: {
    userId: string;
    refreshTokenHash: string;
    userAgent?: string | null;
    ip?: string | null;
    expiresAt: Date;
  },
): Promise<SessionRow> {
  const [row] = await tx.insert(sessions).values(values).returning();
  return row!;
}

/**
 * Swaps the current refresh token hash for a new one, atomically: of two
 * concurrent refreshes with one token, only one matches; the other then finds
 * the old hash among the rotated ones and is treated as reuse.
 */
export async function rotateRefreshToken(
  tx: Tx,
  currentHash: string,
  nextHash: string,
): Promise<SessionRow | null> {
  const [row] = await tx
    .update(sessions)
    .set({
      refreshTokenHash: nextHash,
      rotationCount: sql`${sessions.rotationCount} + 1`,
      lastUsedAt: sql`now()`,
    })
    .where(
      and(
        eq(sessions.refreshTokenHash, currentHash),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql`now()`),
      ),
    )
    .returning();
  if (!row) return null;
  await tx.insert(sessionRotatedTokens).values({ tokenHash: currentHash, sessionId: row.id });
  return row;
}

/** The session a refresh token hash belongs to, currently or formerly. */
export async function findSessionByTokenHash(
  db: Executor,
  tokenHash: string,
): Promise<{ session: SessionRow; rotated: boolean } | null> {
  const [current] = await db
    .select()
    .from(sessions)
    .where(eq(sessions.refreshTokenHash, tokenHash))
    .limit(1);
  if (current) return { session: current, rotated: false };
  const [former] = await db
    .select({ session: sessions })
    .from(sessionRotatedTokens)
    .innerJoin(sessions, eq(sessions.id, sessionRotatedTokens.sessionId))
    .where(eq(sessionRotatedTokens.tokenHash, tokenHash))
    .limit(1);
  return former ? { session: former.session, rotated: true } : null;
}

export async function revokeSession(tx: Tx, id: string, reason: string): Promise<boolean> {
  const rows = await tx
    .update(sessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** Revokes every live session of a user, except `keep` when given; returns how many. */
export async function revokeUserSessions(
  tx: Tx,
  userId: string,
  reason: string,
  keep?: string,
): Promise<number> {
  const rows = await tx
    .update(sessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        keep ? ne(sessions.id, keep) : undefined,
      ),
    )
    .returning({ id: sessions.id });
  return rows.length;
}

/** True while the session is neither revoked nor expired (as committed when the statement runs). */
export async function sessionIsLive(db: Executor, sessionId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(liveSession(eq(sessions.id, sessionId)));
  return row !== undefined;
}

const liveSession = (which: SQL) =>
  and(which, isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`));

export async function listLiveSessions(db: Executor, userId: string): Promise<SessionRow[]> {
  return db
    .select()
    .from(sessions)
    .where(liveSession(eq(sessions.userId, userId)))
    .orderBy(sql`${sessions.lastUsedAt} DESC`);
}

/** Seconds since the session was opened by a sign-in (refreshes keep it), or null if unknown. */
export async function sessionAgeSeconds(db: Executor, sessionId: string): Promise<number | null> {
  const [row] = await db
    .select({ age: sql<number>`extract(epoch from now() - ${sessions.createdAt})::float8` })
    .from(sessions)
    .where(eq(sessions.id, sessionId))
    .limit(1);
  return row ? Number(row.age) : null;
}

export interface SessionAuthState {
  sessionId: string;
  userId: string;
  revoked: boolean;
  /** Milliseconds since the epoch (no Date to parse on this hot path). */
  expiresAtMs: number;
  status: string;
  roles: string[];
  emailVerified: boolean;
}

/**
 * What the authentication hook needs about sessions and their users: one
 * primary-key join for a whole batch of sessions (the hook batches the
 * lookups of concurrent requests), as a named statement whose text does not
 * grow with the batch. Sessions that do not exist are absent.
 */
export async function sessionAuthStates(
  pool: pg.Pool,
  sessionIds: string[],
): Promise<SessionAuthState[]> {
  const { rows } = await pool.query<SessionAuthState>({
    name: 'identity_session_auth_states',
    text: `SELECT s.id AS "sessionId", s.user_id AS "userId", s.revoked_at IS NOT NULL AS revoked,
        (extract(epoch FROM s.expires_at) * 1000)::float8 AS "expiresAtMs", u.status, u.roles,
        u.email_verified_at IS NOT NULL AS "emailVerified"
      FROM ${getTableName(sessions)} s JOIN ${getTableName(users)} u ON u.id = s.user_id
      WHERE s.id = ANY ($1::uuid[])`,
    values: [sessionIds],
  });
  return rows;
}
