import type { Executor, Tx } from '../../../platform/db/database.js';
import { conflict, forbidden, notFound } from '../../../platform/http/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import type { Platform } from '../../../platform/platform.js';
import { IDENTITY_EVENTS, identityEvents } from '../identity.events.js';
import {
  countOwners,
  deleteMember,
  findOrganizer,
  insertOrganizer,
  listMembers,
  lockOrganizer,
  memberRole,
  updateOrganizer,
  upsertMember,
  type OrganizerRow,
} from './organizers.repository.js';
import { findUserById } from '../accounts/users.repository.js';
import type { OrganizerRole } from '../identity.schemas.js';
import { IDENTITY_ERRORS, userNotFound } from '../identity.errors.js';

const RANK: Record<OrganizerRole, number> = { staff: 1, manager: 2, owner: 3 };

/** Whether `role` is `minRole` or above (staff < manager < owner). */
const atLeast = (role: OrganizerRole, minRole: OrganizerRole) => RANK[role] >= RANK[minRole];

/** True when `userId` belongs to organizer `organizerId` with at least `minRole` (staff < manager < owner). */
export async function isOrganizerMember(
  db: Executor,
  userId: string,
  organizerId: string,
  minRole: OrganizerRole,
): Promise<boolean> {
  const role = await memberRole(db, organizerId, userId);
  return role !== null && atLeast(role, minRole);
}

/**
 * The one rule for acting for an organizer: admins always may; anyone else
 * needs to be a member with at least `minRole`; nobody signed in never may.
 */
export async function canActFor(
  db: Executor,
  principal: Principal | null,
  organizerId: string,
  minRole: OrganizerRole,
): Promise<boolean> {
  if (!principal) return false;
  if (principal.roles.includes('admin')) return true;
  return isOrganizerMember(db, principal.userId, organizerId, minRole);
}

/** A URL-friendly slug: lower-case ASCII words joined by dashes. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'organizer';
}

export interface OrganizerInput {
  name: string;
  slug?: string;
  description?: string;
  logoUrl?: string;
  contactEmail?: string;
}

const organizerNotFound = () => notFound('The organizer', IDENTITY_ERRORS.organizerNotFound);

/** Creates an organizer profile with `ownerUserId` as its first owner. */
export async function createOrganizerProfile(
  platform: Platform,
  ownerUserId: string,
  input: OrganizerInput,
): Promise<OrganizerRow> {
  return platform.database.transaction((tx) => createOrganizerIn(tx, ownerUserId, input));
}

/** Creates the profile inside the caller's transaction (a write that must be all-or-nothing). */
export async function createOrganizerIn(
  tx: Tx,
  ownerUserId: string,
  input: OrganizerInput,
): Promise<OrganizerRow> {
  const name = input.name.trim();
  const values = { ...input, name };
  let organizer: OrganizerRow | null;
  if (input.slug) {
    organizer = await insertOrganizer(tx, { ...values, slug: input.slug });
    if (!organizer) throw conflict(IDENTITY_ERRORS.slugTaken, `The slug "${input.slug}" is taken.`);
  } else {
    const base = slugify(name);
    organizer = await insertOrganizer(tx, { ...values, slug: base });
    for (let n = 2; !organizer; n++) {
      const suffix = n < 10 ? String(n) : Math.random().toString(36).slice(2, 8);
      organizer = await insertOrganizer(tx, { ...values, slug: `${base}-${suffix}` });
    }
  }
  await upsertMember(tx, organizer.id, ownerUserId, 'owner');
  await identityEvents.emit(tx, IDENTITY_EVENTS.organizerCreated, {
    organizerId: organizer.id,
    name: organizer.name,
  });
  return organizer;
}

export async function getOrganizer(platform: Platform, id: string): Promise<OrganizerRow> {
  const organizer = await findOrganizer(platform.database.db, id);
  if (!organizer) throw organizerNotFound();
  return organizer;
}

/**
 * Locks the organizer and checks the principal's member role; admins act as
 * owners. Non-members get 404 so organizer teams are not probed.
 */
export async function authorizeMember(
  tx: Tx,
  principal: Principal,
  organizerId: string,
  minRole: OrganizerRole,
): Promise<{ organizer: OrganizerRow; role: OrganizerRole }> {
  const organizer = await lockOrganizer(tx, organizerId);
  if (!organizer) throw organizerNotFound();
  if (principal.roles.includes('admin')) return { organizer, role: 'owner' };
  const role = await memberRole(tx, organizerId, principal.userId);
  if (!role) throw organizerNotFound();
  if (!atLeast(role, minRole)) {
    throw forbidden(
      `You need at least the ${minRole} role in this organizer.`,
      IDENTITY_ERRORS.organizerRoleRequired,
    );
  }
  return { organizer, role };
}

export async function updateOrganizerProfile(
  platform: Platform,
  principal: Principal,
  id: string,
  changes: Partial<Omit<OrganizerInput, 'slug'>>,
): Promise<OrganizerRow> {
  return platform.database.transaction(async (tx) => {
    await authorizeMember(tx, principal, id, 'manager');
    const organizer = await updateOrganizer(tx, id, {
      ...changes,
      ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
    });
    if (!organizer) throw organizerNotFound();
    await identityEvents.emit(tx, IDENTITY_EVENTS.organizerUpdated, {
      organizerId: organizer.id,
      name: organizer.name,
    });
    return organizer;
  });
}

/** Who may grant or take a role: owners anything; managers only staff and manager, never owners. */
export function assertCanManage(actorRole: OrganizerRole, targetRoles: (OrganizerRole | null)[]) {
  if (actorRole === 'owner') return;
  if (actorRole === 'manager' && targetRoles.every((role) => role !== 'owner')) return;
  throw forbidden(
    'Only owners can grant, change or remove the owner role.',
    IDENTITY_ERRORS.organizerRoleRequired,
  );
}

/** Throws when the change would leave the organizer without an owner. */
async function assertOwnerRemains(
  tx: Tx,
  organizerId: string,
  current: OrganizerRole | null,
  next: OrganizerRole | null,
) {
  if (current === 'owner' && next !== 'owner' && (await countOwners(tx, organizerId)) <= 1) {
    throw conflict(
      IDENTITY_ERRORS.lastOwner,
      'The last owner cannot leave or be demoted; make someone else owner first.',
    );
  }
}

/** Adds an existing user to the team, or changes the role of a member. */
export async function setMemberRole(
  platform: Platform,
  principal: Principal,
  organizerId: string,
  userId: string,
  role: OrganizerRole,
  options: { mustExist: boolean },
): Promise<void> {
  await platform.database.transaction(async (tx) => {
    const actor = await authorizeMember(tx, principal, organizerId, 'manager');
    const current = await memberRole(tx, organizerId, userId);
    if (options.mustExist && !current) throw notFound('The member', IDENTITY_ERRORS.memberNotFound);
    if (!options.mustExist && current) {
      throw conflict(
        IDENTITY_ERRORS.alreadyMember,
        'This user is already a member; change their role instead.',
      );
    }
    const user = await findUserById(tx, userId);
    if (!user || user.status === 'deleted') throw userNotFound();
    assertCanManage(actor.role, [current, role]);
    await assertOwnerRemains(tx, organizerId, current, role);
    await upsertMember(tx, organizerId, userId, role);
  });
}

/** Removes a member; any member may leave on their own, managers and owners remove others. */
export async function removeMember(
  platform: Platform,
  principal: Principal,
  organizerId: string,
  userId: string,
): Promise<void> {
  await platform.database.transaction(async (tx) => {
    const self = userId === principal.userId;
    const actor = await authorizeMember(tx, principal, organizerId, self ? 'staff' : 'manager');
    const current = await memberRole(tx, organizerId, userId);
    if (!current) throw notFound('The member', IDENTITY_ERRORS.memberNotFound);
    if (!self) assertCanManage(actor.role, [current]);
    await assertOwnerRemains(tx, organizerId, current, null);
    await deleteMember(tx, organizerId, userId);
  });
}

/** The team, visible to its members (and admins). */
export async function membersOf(platform: Platform, principal: Principal, organizerId: string) {
  return platform.database.transaction(async (tx) => {
    await authorizeMember(tx, principal, organizerId, 'staff');
    return listMembers(tx, organizerId);
  });
}
