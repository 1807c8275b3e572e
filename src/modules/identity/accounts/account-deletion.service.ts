import type { Principal } from '../../../platform/http/principal.js';
import { assertSession } from '../../../platform/http/access.js';
import type { IdentityContext } from '../identity.context.js';
import type { RequestMeta } from '../../../platform/http/request-meta.js';
import { assertReauthenticated } from './reauthentication.js';
import { anonymiseAccount } from './self-service.service.js';
import { findUserById } from './users.repository.js';
import { userNotFound } from '../identity.errors.js';

/**
 * The owner deletes their own account. A session alone is not enough (a
 * stolen access token or an unlocked laptop must not erase an account): the
 * current password, or for an OpenID-only account a sign-in within the last
 * minutes; never an API token.
 */
export async function deleteOwnAccount(
  ctx: IdentityContext,
  principal: Principal,
  password: string | undefined,
  meta: RequestMeta,
): Promise<void> {
  assertSession(principal, 'delete an account');
  const user = await findUserById(ctx.platform.database.db, principal.userId);
  if (!user) throw userNotFound();
  await assertReauthenticated(
    ctx,
    user,
    { sessionId: principal.sessionId!, password },
    'delete your account',
  );
  await ctx.platform.database.transaction((tx) => anonymiseAccount(tx, principal.userId, { meta }));
}
