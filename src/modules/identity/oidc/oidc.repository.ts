import { and, eq, lt, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../../platform/db/database.js';
import { identityLinks, oidcLoginAttempts } from '../identity.tables.js';

export type OidcLoginAttempt = typeof oidcLoginAttempts.$inferSelect;
export type IdentityLink = typeof identityLinks.$inferSelect;

/** Records a sign-in in flight, and sweeps expired ones while at it. */
export async function insertLoginAttempt(
  tx: Tx,
  attempt: Omit<OidcLoginAttempt, 'createdAt' | 'expiresAt'> & { ttlSeconds: number },
): Promise<void> {
  await tx.delete(oidcLoginAttempts).where(lt(oidcLoginAttempts.expiresAt, sql`now()`));
  const { ttlSeconds, ...row } = attempt;
  await tx
    .insert(oidcLoginAttempts)
    .values({ ...row, expiresAt: sql`now() + make_interval(secs => ${ttlSeconds})` });
}

/** Deletes and returns the unexpired attempt with this state hash (each works once). */
export async function takeLoginAttempt(
  tx: Tx,
  stateHash: string,
): Promise<OidcLoginAttempt | null> {
  const [row] = await tx
    .delete(oidcLoginAttempts)
    .where(eq(oidcLoginAttempts.stateHash, stateHash))
    .returning();
  if (!row || row.expiresAt.getTime() <= Date.now()) return null;
  return row;
}

export async function findIdentityLink(
  db: Executor,
  provider: string,
  subject: string,
): Promise<IdentityLink | null> {
  const [row] = await db
    .select()
    .from(identityLinks)
    .where(and(eq(identityLinks.provider, provider), eq(identityLinks.subject, subject)))
    .limit(1);
  return row ?? null;
}

/** Links a provider account to a user; a concurrent duplicate is a no-op. */
export async function insertIdentityLink(
  tx: Tx,
  link: { provider: string; subject: string; userId: string; email: string | null },
): Promise<void> {
  await tx.insert(identityLinks).values(link).onConflictDoNothing();
}

export async function touchIdentityLink(tx: Tx, provider: string, subject: string) {
  await tx
    .update(identityLinks)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(identityLinks.provider, provider), eq(identityLinks.subject, subject)));
}

export async function deleteIdentityLink(tx: Tx, provider: string, subject: string) {
  await tx
    .delete(identityLinks)
    .where(and(eq(identityLinks.provider, provider), eq(identityLinks.subject, subject)));
}
