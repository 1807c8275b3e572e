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

/** What a one-time token proves when presented. */
export const TokenPurpose = {
  verifyEmail: 'verify_email',
  resetPassword: 'reset_password',
  /** Proves the new address of a pending email change; `email` holds that new address. */
  changeEmail: 'change_email',
  /**
   * Sent to the current address when a change was asked for without proof of
   * ownership (the Tickest app's token-less edit): approving it sends the
   * `changeEmail` link to `newEmail`.
   */
  approveEmailChange: 'approve_email_change',
  /** Sent to the current address with the notice of a change: voids the pending change. */
  cancelEmailChange: 'cancel_email_change',
} as const;
export type TokenPurpose = (typeof TokenPurpose)[keyof typeof TokenPurpose];

/**
 * One-time tokens sent by email (verification, password reset, email change).
 * Only the SHA-256 of the token is kept; `usedAt` makes a token work once.
 * `email` is the address the token was sent to: for verification, reset,
 * approval and cancellation it must still be the user's when the token is
 * used; for an email change it is the address the account moves to.
 * `newEmail` is the address an approval token lets the account move to.
 */
export const oneTimeTokens = pgTable(
  'identity_one_time_tokens',
  {
    tokenHash: text().primaryKey(),
    purpose: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    email: text().notNull(),
    newEmail: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('identity_one_time_tokens_user_idx').on(t.userId, t.purpose, t.createdAt),
    check(
      'identity_one_time_tokens_purpose_check',
      sql`${t.purpose} IN ('verify_email', 'reset_password', 'change_email', 'approve_email_change', 'cancel_email_change')`,
    ),
    check(
      'identity_one_time_tokens_new_email_check',
      sql`(${t.purpose} = 'approve_email_change') = (${t.newEmail} IS NOT NULL)`,
    ),
  ],
);

/**
 * Sign-ins in flight: what the callback must check (state, nonce, PKCE
 * verifier) and the browser that started it. Keyed by the state's hash;
 * a row is deleted when its callback arrives, so each works once.
 */
export const oidcLoginAttempts = pgTable(
  'identity_oidc_login_attempts',
  {
    stateHash: text().primaryKey(),
    provider: text().notNull(),
    /** Hash of the HttpOnly cookie value given to the browser that started the sign-in. */
    browserHash: text().notNull(),
    nonce: text().notNull(),
    codeVerifier: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('identity_oidc_login_attempts_expires_idx').on(t.expiresAt)],
);

/** An account at an OpenID provider (issuer's `sub`) that signs in as one of our users. */
export const identityLinks = pgTable(
  'identity_links',
  {
    provider: text().notNull(),
    subject: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The verified email the provider reported when the link was made. */
    email: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.provider, t.subject] }),
    index('identity_links_user_idx').on(t.userId),
  ],
);
