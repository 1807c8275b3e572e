import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** Case-insensitive text (the citext extension): emails compare without regard to case. */
const citext = customType<{ data: string }>({ dataType: () => 'citext' });

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

export interface UserPreferences {
  favouriteCategories?: string[];
  [key: string]: unknown;
}

export const users = pgTable(
  'identity_users',
  {
    id: uuid().primaryKey().defaultRandom(),
    email: citext().notNull().unique('identity_users_email_unique'),
    name: text().notNull(),
    /** Null for accounts that only sign in through an OpenID provider. */
    passwordHash: text(),
    roles: text()
      .array()
      .notNull()
      .default(sql`'{attendee}'::text[]`),
    status: text().notNull().default('active'),
    emailVerifiedAt: timestamp({ withTimezone: true }),
    bio: text(),
    avatarUrl: text(),
    locale: text(),
    timeZone: text(),
    preferences: jsonb().notNull().$type<UserPreferences>().default({}),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    check('identity_users_status_check', sql`${t.status} IN ('active', 'suspended', 'deleted')`),
    index('identity_users_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
    index('identity_users_email_trgm_idx').using('gin', sql`(${t.email}::text) gin_trgm_ops`),
  ],
);

/**
 * One row per session family. The refresh token rotates on every refresh;
 * the hashes it had before live in `identity_session_rotated_tokens`, so presenting
 * one again is recognised as reuse and revokes the family.
 */
export const sessions = pgTable(
  'identity_sessions',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    refreshTokenHash: text().notNull().unique('identity_sessions_refresh_token_hash_unique'),
    rotationCount: integer().notNull().default(0),
    userAgent: text(),
    ip: text(),
    createdAt: createdAt(),
    lastUsedAt: createdAt(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    revokedReason: text(),
  },
  (t) => [index('identity_sessions_user_idx').on(t.userId, t.createdAt)],
);

/** Refresh token hashes a session has rotated away from: seeing one again means theft. */
export const sessionRotatedTokens = pgTable(
  'identity_session_rotated_tokens',
  {
    tokenHash: text().primaryKey(),
    sessionId: uuid()
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    rotatedAt: createdAt(),
  },
  (t) => [index('identity_session_rotated_tokens_session_idx').on(t.sessionId)],
);

export const organizers = pgTable('identity_organizers', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  slug: text().notNull().unique('identity_organizers_slug_unique'),
  description: text(),
  logoUrl: text(),
  contactEmail: text(),
  createdAt: createdAt(),
  updatedAt: createdAt(),
});

export const organizerMembers = pgTable(
  'identity_organizer_members',
  {
    organizerId: uuid()
      .notNull()
      .references(() => organizers.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organizerId, t.userId] }),
    index('identity_organizer_members_user_idx').on(t.userId),
    check('identity_organizer_members_role_check', sql`${t.role} IN ('owner', 'manager', 'staff')`),
  ],
);

/** Invitations to join an organizer team; the token is only ever stored hashed. */
export const organizerInvitations = pgTable(
  'identity_organizer_invitations',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizerId: uuid()
      .notNull()
      .references(() => organizers.id, { onDelete: 'cascade' }),
    email: citext().notNull(),
    role: text().notNull(),
    tokenHash: text().notNull().unique('identity_organizer_invitations_token_hash_unique'),
    invitedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    acceptedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('identity_organizer_invitations_organizer_idx').on(t.organizerId),
    check(
      'identity_organizer_invitations_role_check',
      sql`${t.role} IN ('owner', 'manager', 'staff')`,
    ),
  ],
);

/** Security-relevant events (sign-ins, password changes, role changes, revocations). */
export const auditEvents = pgTable(
  'identity_audit_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid().references(() => users.id, { onDelete: 'cascade' }),
    actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    action: text().notNull(),
    ip: text(),
    userAgent: text(),
    details: jsonb().notNull().$type<Record<string, unknown>>().default({}),
    createdAt: createdAt(),
  },
  (t) => [index('identity_audit_events_user_idx').on(t.userId, t.createdAt)],
);

/** Personal API tokens for machine access; only a hash of the secret is kept. */
export const apiTokens = pgTable(
  'identity_api_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    tokenHash: text().notNull(),
    prefix: text().notNull(),
    scopes: text().array().notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp({ withTimezone: true }),
    expiresAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('identity_api_tokens_token_hash_unique').on(t.tokenHash),
    index('identity_api_tokens_user_idx').on(t.userId),
  ],
);

/**
 * Failed-attempt counters (per account and address, per address, per account),
 * shared by every API process. An attempt is counted before it is verified.
 */
export const loginThrottles = pgTable('identity_login_throttles', {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  lastFailureAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp({ withTimezone: true }),
  /** When the account's owner was last told of failed attempts (at most once a window). */
  notifiedAt: timestamp({ withTimezone: true }),
});
