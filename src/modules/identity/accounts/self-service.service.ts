import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/database.js';
import { AppError, invalidField, notFound } from '../../../platform/http/errors.js';
import { AUDIT_ACTIONS, recordAudit } from '../admin/audit.js';
import { IDENTITY_EVENTS, identityEvents } from '../identity.events.js';
import type { IdentityContext } from '../identity.context.js';
import type { RequestMeta } from '../../../platform/http/request-meta.js';
import { apiTokens, organizerMembers, sessions } from '../identity.tables.js';
import { hashPassword, passwordProblem } from './passwords.js';
import {
  listLiveSessions,
  revokeSession,
  revokeUserSessions,
} from '../sessions/sessions.repository.js';
import { findUserById, updateUser } from './users.repository.js';
import { countOwners } from '../organizers/organizers.repository.js';
import { releaseAttempt } from './throttle.js';
import { checkCurrentPassword } from './reauthentication.js';
import { sql } from 'drizzle-orm';
import { IDENTITY_ERRORS, userNotFound } from '../identity.errors.js';

/** The user's live sessions, with the one making the request flagged. */
export async function mySessions(ctx: IdentityContext, userId: string, currentSessionId?: string) {
  const rows = await listLiveSessions(ctx.platform.database.db, userId);
  return rows.map((row) => ({
    id: row.id,
    userAgent: row.userAgent,
    ip: row.ip,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    current: row.id === currentSessionId,
  }));
}

/** Revokes one of the user's own sessions; someone else's is "not found". */
export async function revokeMySession(
  ctx: IdentityContext,
  userId: string,
  sessionId: string,
  meta: RequestMeta,
): Promise<void> {
  await ctx.platform.database.transaction(async (tx) => {
    const [owned] = await tx
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)));
    if (!owned || !(await revokeSession(tx, sessionId, 'revoked_by_user'))) {
      throw notFound('The session', IDENTITY_ERRORS.sessionNotFound);
    }
    await recordAudit(tx, {
      userId,
      action: AUDIT_ACTIONS.sessionRevoked,
      ...meta,
      details: { sessionId },
    });
  });
}

/** Signs out everywhere except, when given, the current session. */
export async function revokeAllMySessions(
  ctx: IdentityContext,
  userId: string,
  keep: string | undefined,
  meta: RequestMeta,
): Promise<number> {
  return ctx.platform.database.transaction(async (tx) => {
    const count = await revokeUserSessions(tx, userId, 'revoked_by_user', keep);
    await recordAudit(tx, {
      userId,
      action: AUDIT_ACTIONS.sessionsRevokedAll,
      ...meta,
      details: { count },
    });
    return count;
  });
}

/** Changes the password with the current one; every other session is signed out. */
export async function changePassword(
  ctx: IdentityContext,
  userId: string,
  currentSessionId: string | undefined,
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta,
): Promise<void> {
  const { database } = ctx.platform;
  const user = await findUserById(database.db, userId);
  if (!user) throw userNotFound();
  const problem = passwordProblem(input.newPassword, user.email);
  if (problem) throw invalidField('body.newPassword', problem);
  // Reserved before verifying, like a sign-in: parallel guesses are checked in turn.
  const reservation = await checkCurrentPassword(ctx, user, input.currentPassword, () =>
    recordAudit(database.db, { userId, action: AUDIT_ACTIONS.passwordChangeFailed, ...meta }),
  );
  const passwordHash = await hashPassword(input.newPassword);
  await database.transaction(async (tx) => {
    await releaseAttempt(tx, reservation);
    await updateUser(tx, userId, { passwordHash });
    await revokeUserSessions(tx, userId, 'password_changed', currentSessionId);
    await recordAudit(tx, { userId, action: AUDIT_ACTIONS.passwordChanged, ...meta });
    await identityEvents.emit(tx, IDENTITY_EVENTS.passwordChanged, { userId });
  });
}

/**
 * Deletes an account by anonymising it: personal data is wiped, sessions and
 * tokens are revoked, the row stays so orders and posts keep a valid author.
 */
export async function anonymiseAccount(
  tx: Tx,
  userId: string,
  audit: { actorId?: string; meta: RequestMeta },
): Promise<void> {
  const owned = await tx
    .select({ organizerId: organizerMembers.organizerId })
    .from(organizerMembers)
    .where(and(eq(organizerMembers.userId, userId), eq(organizerMembers.role, 'owner')));
  for (const { organizerId } of owned) {
    if ((await countOwners(tx, organizerId)) <= 1) {
      throw new AppError(
        IDENTITY_ERRORS.lastOwner,
        409,
        'This account is the last owner of an organizer; transfer ownership first.',
        { organizerId },
      );
    }
  }
  await tx.delete(organizerMembers).where(eq(organizerMembers.userId, userId));
  await updateUser(tx, userId, {
    email: `deleted-${userId}@deleted.invalid`,
    name: 'Deleted user',
    passwordHash: null,
    status: 'deleted',
    roles: [],
    bio: null,
    avatarUrl: null,
    locale: null,
    timeZone: null,
    preferences: {},
  });
  await revokeUserSessions(tx, userId, 'account_deleted');
  await tx
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(eq(apiTokens.userId, userId));
  await recordAudit(tx, {
    userId,
    actorId: audit.actorId ?? null,
    action: AUDIT_ACTIONS.userDeleted,
    ...audit.meta,
  });
}
