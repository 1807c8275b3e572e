import { and, asc, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { assertSession } from '../../../platform/http/access.js';
import { conflict } from '../../../platform/http/errors.js';
import type { PageRequest, SortTerm } from '../../../platform/http/pagination.js';
import type { Principal } from '../../../platform/http/principal.js';
import { AUDIT_ACTIONS, recordAudit } from './audit.js';
import type { IdentityContext } from '../identity.context.js';
import type { RequestMeta } from '../../../platform/http/request-meta.js';
import { users } from '../identity.tables.js';
import { revokeUserSessions } from '../sessions/sessions.repository.js';
import { anonymiseAccount } from '../accounts/self-service.service.js';
import { assertPassword, insertAccount } from '../accounts/accounts.service.js';
import { hashPassword } from '../accounts/passwords.js';
import { findUserById, updateUser, type UserRow } from '../accounts/users.repository.js';
import { IDENTITY_ERRORS, userNotFound } from '../identity.errors.js';

export const USER_SORT_FIELDS = ['createdAt', 'name', 'email'] as const;
export type UserSortField = (typeof USER_SORT_FIELDS)[number];

const SORT_COLUMNS = { createdAt: users.createdAt, name: users.name, email: users.email };

export interface UserFilter {
  q?: string;
  role?: string;
  status?: string;
}

/** Admin search over users: name or email contains `q`, filters by role and status. */
export async function searchUsers(
  ctx: IdentityContext,
  filter: UserFilter,
  sort: SortTerm<UserSortField>[],
  paging: PageRequest,
) {
  const conditions: (SQL | undefined)[] = [];
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(users.name, pattern), ilike(sql`${users.email}::text`, pattern)));
  }
  if (filter.role) conditions.push(sql`${filter.role} = ANY(${users.roles})`);
  if (filter.status) conditions.push(eq(users.status, filter.status));
  const where = and(...conditions);
  const db = ctx.platform.database.db;
  const order = sort.map((term) =>
    term.direction === 'asc' ? asc(SORT_COLUMNS[term.field]) : desc(SORT_COLUMNS[term.field]),
  );
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(users)
      .where(where)
      .orderBy(...order, asc(users.id))
      .limit(paging.limit)
      .offset(paging.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(where),
  ]);
  return { rows, total: count?.n ?? 0 };
}

export async function getUser(ctx: IdentityContext, id: string): Promise<UserRow> {
  const user = await findUserById(ctx.platform.database.db, id);
  if (!user) throw userNotFound();
  return user;
}

/**
 * An admin changes roles or status. Suspension revokes every session, so a
 * suspended user is out at once (the authentication hook checks status too).
 */
/**
 * An administrator creates an account, with roles and, for operators and
 * test harnesses, an address already marked verified. Audited with who did it.
 * An unverified account gets the verification mail a registration gets.
 */
export async function adminCreateUser(
  ctx: IdentityContext,
  admin: Principal,
  input: {
    name: string;
    email: string;
    password: string;
    roles?: string[];
    emailVerified?: boolean;
  },
  meta: RequestMeta,
): Promise<UserRow> {
  assertPassword(input.password, input.email);
  const passwordHash = await hashPassword(input.password);
  const roles = [...new Set(input.roles ?? ['attendee'])].sort();
  return ctx.platform.database.transaction(async (tx) => {
    const user = await insertAccount(tx, { ...input, roles, passwordHash });
    await recordAudit(tx, {
      userId: user.id,
      actorId: admin.userId,
      ...meta,
      action: AUDIT_ACTIONS.userCreated,
      details: { roles, emailVerified: input.emailVerified === true },
    });
    return user;
  });
}

export async function adminUpdateUser(
  ctx: IdentityContext,
  admin: Principal,
  id: string,
  changes: { roles?: string[]; status?: 'active' | 'suspended' },
  meta: RequestMeta,
): Promise<UserRow> {
  return ctx.platform.database.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!before || before.status === 'deleted') {
      throw userNotFound();
    }
    if (
      id === admin.userId &&
      (changes.status === 'suspended' || (changes.roles && !changes.roles.includes('admin')))
    ) {
      throw conflict(
        IDENTITY_ERRORS.selfLockout,
        'You cannot suspend yourself or drop your own admin role.',
      );
    }
    const roles = changes.roles ? [...new Set(changes.roles)].sort() : undefined;
    const after = (await updateUser(tx, id, { roles, status: changes.status }))!;
    const audit = { userId: id, actorId: admin.userId, ...meta };
    if (roles && roles.join() !== [...before.roles].sort().join()) {
      await recordAudit(tx, {
        ...audit,
        action: AUDIT_ACTIONS.rolesChanged,
        details: { from: before.roles, to: roles },
      });
    }
    if (changes.status && changes.status !== before.status) {
      if (changes.status === 'suspended') await revokeUserSessions(tx, id, 'suspended');
      await recordAudit(tx, {
        ...audit,
        action:
          changes.status === 'suspended'
            ? AUDIT_ACTIONS.userSuspended
            : AUDIT_ACTIONS.userReactivated,
      });
    }
    return after;
  });
}

export async function adminDeleteUser(
  ctx: IdentityContext,
  admin: Principal,
  id: string,
  meta: RequestMeta,
): Promise<void> {
  // An admin's leaked API token must not be able to erase accounts.
  assertSession(admin, 'delete an account');
  await ctx.platform.database.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!user || user.status === 'deleted') throw userNotFound();
    if (id === admin.userId) {
      throw conflict(IDENTITY_ERRORS.selfLockout, 'Delete your own account through DELETE /v1/me.');
    }
    await anonymiseAccount(tx, id, { actorId: admin.userId, meta });
  });
}
