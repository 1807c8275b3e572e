import type { Platform } from '../../platform/platform.js';
import type { PasswordReset } from './email/password-reset.service.js';
import type { AccessTokens } from './sessions/tokens.js';

/** What identity's use cases share: the platform, the access-token signer and the password reset. */
export interface IdentityContext {
  platform: Platform;
  tokens: AccessTokens;
  passwordReset: PasswordReset;
}

/** Identity depends on no other module. */
export type IdentityDeps = Record<string, never>;

export type { RequestMeta } from '../../platform/http/request-meta.js';
