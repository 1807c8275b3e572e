import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/database.js';
import { auditEvents } from '../identity.tables.js';

/** The security events the audit log knows. */
export const AUDIT_ACTIONS = {
  signInSucceeded: 'sign_in.succeeded',
  signInFailed: 'sign_in.failed',
  signInLocked: 'sign_in.locked',
  passwordChanged: 'password.changed',
  /** A password change refused because the current password was wrong. */
  passwordChangeFailed: 'password.change_failed',
  passwordReset: 'password.reset',
  emailChangeRequested: 'email.change_requested',
  emailChangeApproved: 'email.change_approved',
  emailChangeCancelled: 'email.change_cancelled',
  emailChanged: 'email.changed',
  rolesChanged: 'roles.changed',
  sessionRevoked: 'session.revoked',
  sessionsRevokedAll: 'sessions.revoked_all',
  refreshTokenReused: 'session.refresh_token_reused',
  userSuspended: 'user.suspended',
  userReactivated: 'user.reactivated',
  userCreated: 'user.created',
  userDeleted: 'user.deleted',
  apiTokenCreated: 'api_token.created',
  apiTokenRevoked: 'api_token.revoked',
  oidcSignIn: 'sign_in.oidc',
} as const;

export interface AuditEntry {
  /** Whose account the event concerns (null for an unknown email). */
  userId: string | null;
  /** Who did it, when not the user themselves (an admin). */
  actorId?: string | null;
  action: string;
  ip?: string | null;
  userAgent?: string | null;
  details?: Record<string, unknown>;
}

/** Records a security event; pass the use case's transaction so it commits with the change. */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db.insert(auditEvents).values({
    userId: entry.userId,
    actorId: entry.actorId ?? null,
    action: entry.action,
    ip: entry.ip ?? null,
    userAgent: entry.userAgent?.slice(0, 500) ?? null,
    details: entry.details ?? {},
  });
}

/** One page of a user's audit trail, newest first. */
export async function listAudit(
  db: Executor,
  userId: string,
  pageRequest: { limit: number; offset: number },
) {
  const where = and(eq(auditEvents.userId, userId));
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(auditEvents)
      .where(where)
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
      .limit(pageRequest.limit)
      .offset(pageRequest.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(where),
  ]);
  return { rows, total: count?.n ?? 0 };
}

export function toAuditEntry(row: typeof auditEvents.$inferSelect) {
  return {
    id: row.id,
    action: row.action,
    actorId: row.actorId,
    ip: row.ip,
    userAgent: row.userAgent,
    details: row.details,
    createdAt: row.createdAt.toISOString(),
  };
}
