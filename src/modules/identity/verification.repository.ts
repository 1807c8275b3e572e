import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/database.js';
import { users } from './identity.tables.js';
import { hashToken, randomToken } from './tokens.js';
import { oneTimeTokens, type TokenPurpose } from './verification.tables.js';

export type OneTimeTokenRow = typeof oneTimeTokens.$inferSelect;

/** Stores a new one-time token (hashed) and returns the secret, which only the email carries. */
export async function issueOneTimeToken(
  tx: Tx,
  grant: { purpose: TokenPurpose; userId: string; email: string; ttlMs: number },
): Promise<string> {
  const token = randomToken();
  await tx.insert(oneTimeTokens).values({
    tokenHash: hashToken(token),
    purpose: grant.purpose,
    userId: grant.userId,
    email: grant.email,
    expiresAt: sql`now() + make_interval(secs => ${grant.ttlMs / 1000})`,
  });
  return token;
}

/**
 * Marks the token used and returns it, or null when it is unknown, of another
 * purpose, used or expired. One UPDATE decides, so of two concurrent uses
 * exactly one wins.
 */
export async function consumeOneTimeToken(
  tx: Tx,
  purpose: TokenPurpose,
  token: string,
): Promise<OneTimeTokenRow | null> {
  const [row] = await tx
    .update(oneTimeTokens)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(oneTimeTokens.tokenHash, hashToken(token)),
        eq(oneTimeTokens.purpose, purpose),
        isNull(oneTimeTokens.usedAt),
        gt(oneTimeTokens.expiresAt, sql`now()`),
      ),
    )
    .returning();
  return row ?? null;
}

/** Retires every outstanding token of this purpose for the user (after it served its end). */
export async function retireOneTimeTokens(
  tx: Tx,
  purpose: TokenPurpose,
  userId: string,
): Promise<void> {
  await tx
    .update(oneTimeTokens)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(oneTimeTokens.userId, userId),
        eq(oneTimeTokens.purpose, purpose),
        isNull(oneTimeTokens.usedAt),
      ),
    );
}

/** Seconds since the last token of this purpose was issued to the user, or null if never. */
export async function secondsSinceLastIssued(
  db: Executor,
  purpose: TokenPurpose,
  userId: string,
): Promise<number | null> {
  const [row] = await db
    .select({ age: sql<number>`extract(epoch from now() - ${oneTimeTokens.createdAt})::float8` })
    .from(oneTimeTokens)
    .where(and(eq(oneTimeTokens.userId, userId), eq(oneTimeTokens.purpose, purpose)))
    .orderBy(desc(oneTimeTokens.createdAt))
    .limit(1);
  return row ? Number(row.age) : null;
}

/** Locks the user's row for the rest of the transaction (serialises token issuing per user). */
export async function lockUserForTokens(tx: Tx, userId: string): Promise<void> {
  await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
}
