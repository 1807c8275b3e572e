import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './identity.tables.js';

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
