import type { OrganizerRow } from './organizers/organizers.repository.js';
import type { UserRow } from './accounts/users.repository.js';

/** The public shape of a user: never the password hash. */
export function toUser(row: UserRow) {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: row.roles,
    status: row.status,
    emailVerified: row.emailVerifiedAt !== null,
    bio: row.bio,
    avatarUrl: row.avatarUrl,
    locale: row.locale,
    timeZone: row.timeZone,
    preferences: row.preferences,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toOrganizer(row: OrganizerRow) {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    description: row.description,
    logoUrl: row.logoUrl,
    contactEmail: row.contactEmail,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
