import { sql } from 'drizzle-orm';
import type { Platform } from '../../../platform/platform.js';
import { createUserAccount, normalizeEmail } from '../accounts/accounts.service.js';
import { users } from '../identity.tables.js';
import { findUserByEmail } from '../accounts/users.repository.js';
import { IDENTITY_ERRORS } from '../identity.errors.js';

/**
 * Makes `email` an admin: creates a verified account with `password` when none
 * exists, or adds the admin role to the existing one. Returns what it did.
 */
export async function ensureAdmin(
  platform: Platform,
  input: { email: string; password: string; name?: string },
): Promise<'created' | 'promoted' | 'unchanged'> {
  const email = normalizeEmail(input.email);
  const existing = await findUserByEmail(platform.database.db, email);
  if (!existing) {
    await createUserAccount(platform, {
      name: input.name ?? 'Administrator',
      email,
      password: input.password,
      roles: ['admin'],
      emailVerified: true,
    });
    return 'created';
  }
  if (existing.roles.includes('admin')) return 'unchanged';
  await platform.database.db
    .update(users)
    .set({ roles: sql`array_append(${users.roles}, 'admin')`, updatedAt: sql`now()` })
    .where(sql`${users.id} = ${existing.id}`);
  return 'promoted';
}

/** At start: the first admin from ADMIN_EMAIL / ADMIN_PASSWORD, created once and never overwritten. */
export async function bootstrapAdmin(platform: Platform): Promise<void> {
  const { adminEmail, adminPassword } = platform.config;
  if (!adminEmail || !adminPassword) return;
  const existing = await findUserByEmail(platform.database.db, normalizeEmail(adminEmail));
  if (existing) return;
  try {
    await ensureAdmin(platform, { email: adminEmail, password: adminPassword });
    platform.log.info({ email: adminEmail }, 'created the first admin from ADMIN_EMAIL');
  } catch (error) {
    // Another process starting at the same moment may have created it first.
    if ((error as { code?: string }).code !== IDENTITY_ERRORS.emailTaken) throw error;
  }
}
