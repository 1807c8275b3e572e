import type { Platform } from '../../platform/platform.js';
import type { AccessTokens } from './sessions/tokens.js';

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

const contexts = new WeakMap<Platform, IdentityContext>();

/** Remembers the context identity's plugin built, for downstream adapters (the Tickest API). */
export function rememberContext(ctx: IdentityContext): void {
  contexts.set(ctx.platform, ctx);
}

/** The identity context of a platform whose identity module is registered. */
export function identityContext(platform: Platform): IdentityContext {
  const ctx = contexts.get(platform);
  if (!ctx) throw new Error('identity module is not registered on this platform');
  return ctx;
}
