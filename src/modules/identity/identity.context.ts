import type { Platform } from '../../platform/platform.js';
import type { PasswordReset } from './password-reset.service.js';
import type { AccessTokens } from './tokens.js';

/** What identity's use cases share: the platform, the access-token signer and the password reset. */
export interface IdentityContext {
  platform: Platform;
  tokens: AccessTokens;
  passwordReset: PasswordReset;
}

/** Identity depends on no other module. */
export type IdentityDeps = Record<string, never>;

/** Where a request came from, for sessions and the audit log. */
export interface RequestMeta {
  ip?: string | null;
  userAgent?: string | null;
}
