import { and, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../../platform/db/database.js';
import { oneTimeTokens, users, type TokenPurpose } from '../identity.tables.js';
import { hashToken, randomToken } from '../sessions/tokens.js';

export type OneTimeTokenRow = typeof oneTimeTokens.$inferSelect;

export interface TokenGrant {
  purpose: TokenPurpose;
  userId: string;
  /** The address the token is sent to. */
  email: string;
  /** For an approval token: the address the account may then move to. */
  newEmail?: string;
  ttlMs: number;
}

const listOf = (purposes: TokenPurpose | readonly TokenPurpose[]) =>
  typeof purposes === 'string' ? [purposes] : [...purposes];

/** Stores a new one-time token (hashed) and returns the secret, which only the email carries. */
export async function issueOneTimeToken(
  tx: Tx,
  grant: TokenGrant,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken();
  const [row] = await tx
    .insert(oneTimeTokens)
    .values({
      tokenHash: hashToken(token),
      purpose: grant.purpose,
      userId: grant.userId,
      email: grant.email,
      newEmail: grant.newEmail ?? null,
      expiresAt: sql`now() + make_interval(secs => ${grant.ttlMs / 1000})`,
    })
    .returning({ expiresAt: oneTimeTokens.expiresAt });
  return { token, expiresAt: row!.expiresAt };
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

/** Retires every outstanding token of these purposes for the user (after they served their end). */
export async function retireOneTimeTokens(
  tx: Tx,
  purposes: TokenPurpose | readonly TokenPurpose[],
  userId: string,
): Promise<void> {
  await tx
    .update(oneTimeTokens)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(oneTimeTokens.userId, userId),
        inArray(oneTimeTokens.purpose, listOf(purposes)),
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

/**
 * How many tokens of these purposes the user was issued in the last `seconds`,
 * and how many seconds ago the oldest of them was (0 when none).
 */
export async function issuedWithin(
  db: Executor,
  purposes: TokenPurpose | readonly TokenPurpose[],
  userId: string,
  seconds: number,
): Promise<{ count: number; oldestAgeSeconds: number }> {
  const [row] = await db
    .select({
      count: sql<number>`count(*)::int`,
      oldest: sql<number>`coalesce(extract(epoch from now() - min(${oneTimeTokens.createdAt})), 0)::float8`,
    })
    .from(oneTimeTokens)
    .where(
      and(
        eq(oneTimeTokens.userId, userId),
        inArray(oneTimeTokens.purpose, listOf(purposes)),
        gt(oneTimeTokens.createdAt, sql`now() - make_interval(secs => ${seconds})`),
      ),
    );
  return { count: row?.count ?? 0, oldestAgeSeconds: Number(row?.oldest ?? 0) };
}

/** Locks the user's row for the rest of the transaction (serialises token issuing per user). */
export async function lockUserForTokens(tx: Tx, userId: string): Promise<void> {
  await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
}

/**
 * Locks the account a token belongs to, before the token is used: a use that
 * then issues or retires the account's tokens takes the locks in the same
 * order as a request (account first), so the two cannot deadlock. Does nothing
 * for an unknown token (using it then fails).
 */
export async function lockTokenOwner(tx: Tx, token: string): Promise<void> {
  await tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(oneTimeTokens, eq(oneTimeTokens.userId, users.id))
    .where(eq(oneTimeTokens.tokenHash, hashToken(token)))
    .for('update', { of: users });
}
