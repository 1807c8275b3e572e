import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../../platform/db/database.js';
import type { OrganizerRole } from '../identity.schemas.js';
import { organizerMembers, organizers, users } from '../identity.tables.js';

export type OrganizerRow = typeof organizers.$inferSelect;

export async function insertOrganizer(
  tx: Tx,
  values: {
    name: string;
    slug: string;
    description?: string | null;
    logoUrl?: string | null;
    contactEmail?: string | null;
  },
): Promise<OrganizerRow | null> {
  const [row] = await tx
    .insert(organizers)
    .values(values)
    .onConflictDoNothing({ target: organizers.slug })
    .returning();
  return row ?? null;
}

export async function findOrganizer(db: Executor, id: string): Promise<OrganizerRow | null> {
  const [row] = await db.select().from(organizers).where(eq(organizers.id, id)).limit(1);
  return row ?? null;
}

/** Locks the organizer row so membership checks and changes on it are serialised. */
export async function lockOrganizer(tx: Tx, id: string): Promise<OrganizerRow | null> {
  const [row] = await tx.select().from(organizers).where(eq(organizers.id, id)).for('update');
  return row ?? null;
}

export async function updateOrganizer(
  tx: Tx,
  id: string,
  changes: Partial<Pick<OrganizerRow, 'name' | 'description' | 'logoUrl' | 'contactEmail'>>,
): Promise<OrganizerRow | null> {
  const [row] = await tx
    .update(organizers)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(organizers.id, id))
    .returning();
  return row ?? null;
}

export async function memberRole(
  db: Executor,
  organizerId: string,
  userId: string,
): Promise<OrganizerRole | null> {
  const [row] = await db
    .select({ role: organizerMembers.role })
    .from(organizerMembers)
    .where(and(eq(organizerMembers.organizerId, organizerId), eq(organizerMembers.userId, userId)))
    .limit(1);
  return (row?.role as OrganizerRole | undefined) ?? null;
}

/** Adds a member or changes their role. */
export async function upsertMember(
  tx: Tx,
  organizerId: string,
  userId: string,
  role: OrganizerRole,
): Promise<void> {
  await tx
    .insert(organizerMembers)
    .values({ organizerId, userId, role })
    .onConflictDoUpdate({
      target: [organizerMembers.organizerId, organizerMembers.userId],
      set: { role },
    });
}

export async function deleteMember(tx: Tx, organizerId: string, userId: string): Promise<boolean> {
  const rows = await tx
    .delete(organizerMembers)
    .where(and(eq(organizerMembers.organizerId, organizerId), eq(organizerMembers.userId, userId)))
    .returning({ userId: organizerMembers.userId });
  return rows.length > 0;
}

export async function countOwners(tx: Tx, organizerId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(organizerMembers)
    .where(and(eq(organizerMembers.organizerId, organizerId), eq(organizerMembers.role, 'owner')));
  return row?.n ?? 0;
}

export async function listMembers(db: Executor, organizerId: string) {
  return db
    .select({
      userId: organizerMembers.userId,
      role: organizerMembers.role,
      name: users.name,
      email: users.email,
      joinedAt: organizerMembers.createdAt,
    })
    .from(organizerMembers)
    .innerJoin(users, eq(users.id, organizerMembers.userId))
    .where(eq(organizerMembers.organizerId, organizerId))
    .orderBy(asc(organizerMembers.createdAt), asc(organizerMembers.userId));
}

export async function listOrganizersOfUser(db: Executor, userId: string) {
  return db
    .select({ organizer: organizers, role: organizerMembers.role })
    .from(organizerMembers)
    .innerJoin(organizers, eq(organizers.id, organizerMembers.organizerId))
    .where(eq(organizerMembers.userId, userId))
    .orderBy(asc(organizers.name));
}
