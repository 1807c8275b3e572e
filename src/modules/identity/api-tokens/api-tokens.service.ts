import { and, desc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../../platform/db/database.js';
import { forbidden, notFound, unauthorized } from '../../../platform/http/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { AUDIT_ACTIONS, recordAudit } from '../admin/audit.js';
import type { IdentityContext } from '../identity.context.js';
import type { RequestMeta } from '../../../platform/http/request-meta.js';
import { apiTokens, users } from '../identity.tables.js';
import { sessionIsLive } from '../sessions/sessions.repository.js';
import { API_TOKEN_PREFIX, hashToken, randomToken } from '../sessions/tokens.js';
import { lockUserForTokens } from '../email/verification.repository.js';
import { IDENTITY_ERRORS } from '../identity.errors.js';

/** Managing API tokens needs a real sign-in: a leaked token cannot mint more tokens. */
export { assertSession } from '../../../platform/http/access.js';

export type ApiTokenRow = typeof apiTokens.$inferSelect;

export function toApiToken(row: ApiTokenRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
}

/**
 * Creates a token; the secret is returned this once and only its hash is kept.
 * Only for a proven address: whoever registered someone else's address must
 * not hold a credential that outlives the real owner taking the account back.
 */
export async function createApiToken(
  ctx: IdentityContext,
  principal: Principal,
  input: { name: string; scopes: string[]; expiresInDays?: number },
  meta: RequestMeta,
) {
  if (!principal.emailVerified) {
    throw forbidden(
      'Verify your email address before creating API tokens (POST /v1/auth/verify-email/resend sends a new link).',
      IDENTITY_ERRORS.emailNotVerified,
    );
  }
  const userId = principal.userId;
  const secret = `${API_TOKEN_PREFIX}${randomToken()}`;
  const row = await ctx.platform.database.transaction(async (tx) => {
    // Serialised with everything that revokes the account's tokens (a password
    // reset, an email change, a deletion: each locks or updates the user row),
    // and the session re-checked under that lock: a token minted while such a
    // revocation runs is either revoked by it or refused here.
    await lockUserForTokens(tx, userId);
    if (principal.sessionId && !(await sessionIsLive(tx, principal.sessionId))) {
      throw unauthorized('Your session has ended; sign in again.', IDENTITY_ERRORS.invalidToken);
    }
    const [created] = await tx
      .insert(apiTokens)
      .values({
        userId,
        name: input.name.trim(),
        tokenHash: hashToken(secret),
        prefix: secret.slice(0, API_TOKEN_PREFIX.length + 6),
        scopes: [...new Set(input.scopes)].sort(),
        expiresAt: input.expiresInDays
          ? new Date(Date.now() + input.expiresInDays * 86_400_000)
          : null,
      })
      .returning();
    await recordAudit(tx, {
      userId,
      action: AUDIT_ACTIONS.apiTokenCreated,
      ...meta,
      details: { tokenId: created!.id, scopes: created!.scopes },
    });
    return created!;
  });
  return { ...toApiToken(row), token: secret };
}

export async function listApiTokens(db: Executor, userId: string) {
  const rows = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt));
  return rows.map(toApiToken);
}

/** Revokes one of the user's own tokens; another user's token is "not found". */
export async function revokeApiToken(
  ctx: IdentityContext,
  userId: string,
  id: string,
  meta: RequestMeta,
): Promise<void> {
  await ctx.platform.database.transaction(async (tx) => {
    const rows = await tx
      .update(apiTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    if (rows.length === 0) throw notFound('The API token', IDENTITY_ERRORS.apiTokenNotFound);
    await recordAudit(tx, {
      userId,
      action: AUDIT_ACTIONS.apiTokenRevoked,
      ...meta,
      details: { tokenId: id },
    });
  });
}

/**
 * Revokes every live API token of a user; returns how many. Called wherever
 * control of the account moves or is proven anew (password reset, email
 * change, an OpenID sign-in taking over an unproven address, deletion).
 */
export async function revokeUserApiTokens(tx: Tx, userId: string): Promise<number> {
  const rows = await tx
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length;
}

/**
 * The principal an API token stands for, or null when it is unknown, revoked,
 * expired, or its user is not active or has no verified address (a token from
 * before verification was required).
 */
export async function principalForApiToken(db: Executor, token: string): Promise<Principal | null> {
  const [row] = await db
    .select({
      id: apiTokens.id,
      userId: apiTokens.userId,
      scopes: apiTokens.scopes,
      roles: users.roles,
      status: users.status,
      emailVerifiedAt: users.emailVerifiedAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, hashToken(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`)),
      ),
    )
    .limit(1);
  if (!row || row.status !== 'active' || !row.emailVerifiedAt) return null;
  // At most one write a minute per token: enough for "last used", cheap under load.
  await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiTokens.id, row.id),
        or(
          isNull(apiTokens.lastUsedAt),
          sql`${apiTokens.lastUsedAt} < now() - interval '1 minute'`,
        ),
      ),
    );
  return {
    userId: row.userId,
    roles: row.roles,
    emailVerified: true,
    scopes: row.scopes,
  };
}
