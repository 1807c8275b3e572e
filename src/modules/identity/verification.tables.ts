import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './identity.tables.js';

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
