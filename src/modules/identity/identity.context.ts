import type { Platform } from '../../platform/platform.js';
import type { JobDefinition } from '../../platform/jobs/jobs.js';
import type { RequestMeta } from '../../platform/http/request-meta.js';
import type { AccessTokens } from './sessions/tokens.js';

/** What identity's use cases share: the platform, the access-token signer and the password reset. */
export interface IdentityContext {
  platform: Platform;
  tokens: AccessTokens;
  passwordReset: PasswordReset;
}

/** Identity depends on no other module. */
export type IdentityDeps = Record<string, never>;

export type { RequestMeta };

/** Password reset: accepts requests for any address and redeems emailed tokens. */
export interface PasswordReset {
  /** Accepts a reset request for any address; the lookup and the email happen in a job. */
  forgot(email: string): Promise<void>;
  /** Redeems a reset token: new password, every session revoked. */
  reset(token: string, password: string, meta: RequestMeta): Promise<void>;
  /** The job that looks the address up and sends the email (tests run it directly). */
  requestJob: JobDefinition<{ email: string }>;
}
