import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './identity.tables.js';

/** What a one-time token proves when presented. */
export const TokenPurpose = {
  verifyEmail: 'verify_email',
  resetPassword: 'reset_password',
} as const;
export type TokenPurpose = (typeof TokenPurpose)[keyof typeof TokenPurpose];

/**
 * One-time tokens sent by email (verification, password reset). Only the
 * SHA-256 of the token is kept; `usedAt` makes a token work once, and the
 * address it was sent to must still be the user's when it is used.
 */
export const oneTimeTokens = pgTable(
  'one_time_tokens',
  {
    tokenHash: text().primaryKey(),
    purpose: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    email: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('one_time_tokens_user_idx').on(t.userId, t.purpose, t.createdAt),
    check('one_time_tokens_purpose_check', sql`${t.purpose} IN ('verify_email', 'reset_password')`),
  ],
);
