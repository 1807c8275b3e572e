import { eq, inArray, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../../platform/db/database.js';
import { users, type UserPreferences } from '../identity.tables.js';

export type UserRow = typeof users.$inferSelect;

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string | null;
  roles?: string[];
  emailVerifiedAt?: Date | null;
}

/** Inserts a user; null when the email is already taken (case-insensitively). */
export async function insertUser(tx: Tx, user: NewUser): Promise<UserRow | null> {
  const [row] = await tx
    .insert(users)
    .values({ ...user, roles: user.roles ?? ['attendee'] })
    .onConflictDoNothing({ target: users.email })
    .returning();
  return row ?? null;
}

export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return row ?? null;
}

export async function findUserById(db: Executor, id: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row ?? null;
}

export interface ProfileChanges {
  name?: string;
  bio?: string | null;
  avatarUrl?: string | null;
  locale?: string | null;
  timeZone?: string | null;
  preferences?: UserPreferences;
}

export async function updateUser(
  tx: Tx,
  id: string,
  changes: ProfileChanges & {
    roles?: string[];
    status?: string;
    passwordHash?: string | null;
    email?: string;
    emailVerifiedAt?: Date | null;
  },
): Promise<UserRow | null> {
  const [row] = await tx
    .update(users)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(users.id, id))
    .returning();
  return row ?? null;
}

export async function contactsOf(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(inArray(users.id, ids));
}

/** Active users whose name is exactly `name` (case-insensitively), oldest first. */
export async function findUsersByName(db: Executor, name: string, limit: number) {
  return db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(sql`lower(${users.name}) = lower(${name}) AND ${users.status} = 'active'`)
    .orderBy(users.createdAt)
    .limit(limit);
}
