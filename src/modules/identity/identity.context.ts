import type { Platform } from '../../platform/platform.js';
import type { AccessTokens } from './tokens.js';

/** What identity's use cases share: the platform and the access-token signer. */
export interface IdentityContext {
  platform: Platform;
  tokens: AccessTokens;
}

/** Where a request came from, for sessions and the audit log. */
export interface RequestMeta {
  ip?: string | null;
  userAgent?: string | null;
}
