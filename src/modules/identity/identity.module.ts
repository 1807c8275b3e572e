import { randomUUID } from 'node:crypto';
import { markNoStore } from '../../platform/http/access.js';
import type { Executor, Tx } from '../../platform/db/database.js';
import { withContext, type Module, type WithoutContext } from '../../platform/modules/module.js';
import type { App } from '../../platform/http/types.js';
import type { Platform } from '../../platform/platform.js';
import type { Principal } from '../../platform/http/principal.js';
import { bootstrapAdmin, ensureAdmin } from './admin/admin-bootstrap.js';
import { accountDeletionRoutes } from './accounts/account-deletion.routes.js';
import {
  createUserAccount,
  getProfile,
  insertAccount,
  login,
  logout,
  normalizeEmail,
  register,
  updateProfile,
} from './accounts/accounts.service.js';
import { adminDeleteUser, searchUsers } from './admin/admin-users.service.js';
import { adminUserRoutes } from './admin/admin-users.routes.js';
import { apiTokenRoutes } from './api-tokens/api-tokens.routes.js';
import { authRoutes } from './accounts/auth.routes.js';
import { authentication } from './sessions/authentication.js';
import {
  approveEmailChange,
  cancelEmailChange,
  confirmEmailChange,
  requestEmailChange,
} from './email/email-change.service.js';
import { emailChangeRoutes } from './email/email-change.routes.js';
import type { IdentityContext, IdentityDeps } from './identity.context.js';
import { acceptInvitation } from './organizers/invitations.service.js';
import { invitationRoutes } from './organizers/invitations.routes.js';
import { meRoutes } from './accounts/me.routes.js';
import { oidcRoutes } from './oidc/oidc.routes.js';
import { createOidcSignIn } from './oidc/oidc.service.js';
import {
  canActFor,
  createOrganizerIn,
  isOrganizerMember,
  type OrganizerInput,
} from './organizers/organizers.service.js';
import { listOrganizersOfUser } from './organizers/organizers.repository.js';
import { organizerRoutes } from './organizers/organizers.routes.js';
import { prepareDummyHash } from './accounts/passwords.js';
import { passwordResetRoutes } from './email/password-reset.routes.js';
import { createPasswordReset } from './email/password-reset.service.js';
import { signedInRecently } from './accounts/reauthentication.js';
import { anonymiseAccount } from './accounts/self-service.service.js';
import { sessionRoutes } from './sessions/sessions.routes.js';
import { AccessTokens, loadSigningKey } from './sessions/tokens.js';
import { contactsOf, findUserByEmail, findUsersByName } from './accounts/users.repository.js';
import { verificationRoutes } from './email/verification.routes.js';
import { verifyEmail } from './email/verification.service.js';
import { passwordResetRequestJob } from './jobs/password-reset-request.job.js';
import { subscribePasswordChangedMail } from './subscribers/password-changed-mail.subscriber.js';
import { subscribeRegistrationMail } from './subscribers/registration-mail.subscriber.js';
import type { RequestMeta } from './identity.context.js';
import { realtimeAuthenticator } from './realtime/realtime-authenticator.js';
import { defineIdentityChannels } from './realtime/realtime-channels.js';

/** Identity's door at run time: what other modules, the Tickest adapter and the web pages call. */
export interface IdentityApi {
  createUserAccount: WithoutContext<typeof createUserAccount>;
  /** Makes an address an admin: creates a verified account, or adds the role (`npm run create-admin`). */
  ensureAdmin: WithoutContext<typeof ensureAdmin>;
  insertAccount: typeof insertAccount;
  register: WithoutContext<typeof register>;
  login: WithoutContext<typeof login>;
  logout: WithoutContext<typeof logout>;
  getProfile: WithoutContext<typeof getProfile>;
  updateProfile: WithoutContext<typeof updateProfile>;
  normalizeEmail: typeof normalizeEmail;
  findUserByEmail: (email: string, db?: Executor) => ReturnType<typeof findUserByEmail>;
  findUsersByName: (name: string, limit: number) => ReturnType<typeof findUsersByName>;
  searchUsers: WithoutContext<typeof searchUsers>;
  adminDeleteUser: WithoutContext<typeof adminDeleteUser>;
  anonymiseAccount: typeof anonymiseAccount;
  signedInRecently: WithoutContext<typeof signedInRecently>;
  verifyEmail: WithoutContext<typeof verifyEmail>;
  requestEmailChange: WithoutContext<typeof requestEmailChange>;
  approveEmailChange: WithoutContext<typeof approveEmailChange>;
  cancelEmailChange: WithoutContext<typeof cancelEmailChange>;
  confirmEmailChange: WithoutContext<typeof confirmEmailChange>;
  acceptInvitation: (principal: Principal, token: string) => ReturnType<typeof acceptInvitation>;
  forgotPassword(email: string): Promise<void>;
  resetPassword(token: string, password: string, meta: RequestMeta): Promise<void>;
  isOrganizerMember: typeof isOrganizerMember;
  /** Whether the principal may act for the organizer with at least `minRole`: admins always, members by rank. */
  canActFor: typeof canActFor;
  listOrganizersOfUser: typeof listOrganizersOfUser;
  /** Creates an organizer owned by `ownerUserId` inside the caller's transaction (or its own). */
  createOrganizerProfile(
    ownerUserId: string,
    input: Omit<OrganizerInput, 'logoUrl'>,
    tx?: Tx,
  ): Promise<{ id: string; name: string; slug: string }>;
  /** Names and emails of users, for notifications and receipts; unknown ids are absent. */
  getUserContacts(
    db: Executor,
    userIds: string[],
  ): Promise<Map<string, { name: string; email: string }>>;
  /**
   * A genuine access token of a session that does not exist: the start-up
   * warm-up sends it so the token check and session lookup run, then answer 401.
   */
  tokenOfNoSession(): Promise<string>;
}

/**
 * The identity module: the authentication hook, accounts, sessions, email
 * flows, OpenID Connect, API tokens, organizers and their teams, admin.
 */
export async function createIdentityModule(
  platform: Platform,
  _deps: IdentityDeps = {},
): Promise<Module<IdentityApi, IdentityContext>> {
  const key = await loadSigningKey(platform.config.jwtSecret, platform.config.dataDir);
  const resetRequestJob = passwordResetRequestJob(platform);
  platform.jobs.register(resetRequestJob);
  const ctx: IdentityContext = {
    platform,
    tokens: new AccessTokens(key, platform.config.accessTokenTtlSeconds),
    passwordReset: createPasswordReset(platform, resetRequestJob),
  };
  platform.realtime.setAuthenticator(realtimeAuthenticator(ctx));
  defineIdentityChannels(ctx);
  subscribeRegistrationMail(platform);
  subscribePasswordChangedMail(platform);
  await bootstrapAdmin(platform);
  await prepareDummyHash();
  const oidc = createOidcSignIn(ctx);
  const { db } = platform.database;

  const createOrganizerProfile: IdentityApi['createOrganizerProfile'] = async (
    ownerUserId,
    input,
    tx,
  ) => {
    const create = async (inTx: Tx) => {
      const organizer = await createOrganizerIn(inTx, ownerUserId, input);
      return { id: organizer.id, name: organizer.name, slug: organizer.slug };
    };
    return tx ? create(tx) : platform.database.transaction(create);
  };

  const api: IdentityApi = {
    createUserAccount: withContext(platform, createUserAccount),
    ensureAdmin: withContext(platform, ensureAdmin),
    insertAccount,
    register: withContext(ctx, register),
    login: withContext(ctx, login),
    logout: withContext(ctx, logout),
    getProfile: withContext(ctx, getProfile),
    updateProfile: withContext(ctx, updateProfile),
    normalizeEmail,
    findUserByEmail: (email, executor = db) => findUserByEmail(executor, email),
    findUsersByName: (name, limit) => findUsersByName(db, name, limit),
    searchUsers: withContext(ctx, searchUsers),
    adminDeleteUser: withContext(ctx, adminDeleteUser),
    anonymiseAccount,
    signedInRecently: withContext(ctx, signedInRecently),
    verifyEmail: withContext(platform, verifyEmail),
    requestEmailChange: withContext(ctx, requestEmailChange),
    approveEmailChange: withContext(platform, approveEmailChange),
    cancelEmailChange: withContext(platform, cancelEmailChange),
    confirmEmailChange: withContext(platform, confirmEmailChange),
    acceptInvitation: (principal, token) => acceptInvitation(ctx, principal, token),
    forgotPassword: (email) => ctx.passwordReset.forgot(email),
    resetPassword: (token, password, meta) => ctx.passwordReset.reset(token, password, meta),
    isOrganizerMember,
    canActFor,
    listOrganizersOfUser,
    createOrganizerProfile,
    async getUserContacts(executor, userIds) {
      const rows = await contactsOf(executor, [...new Set(userIds)]);
      return new Map(rows.map((row) => [row.id, { name: row.name, email: row.email }]));
    },
    tokenOfNoSession: () =>
      ctx.tokens.sign({ userId: randomUUID(), sessionId: randomUUID(), roles: [] }),
  };

  return {
    name: 'identity',
    api,
    context: ctx,
    // Registered on the root app: the authentication hook must run for every module's routes.
    async routes(app: App) {
      await app.register(authentication, { ctx });
      // Sign-in, refresh and the rest of /v1/auth answer with tokens: never cached.
      await app.register(async (scope: App) => {
        markNoStore(scope);
        await scope.register(authRoutes, { ctx });
        await scope.register(verificationRoutes);
        await scope.register(emailChangeRoutes, { ctx });
        await scope.register(passwordResetRoutes(ctx.passwordReset));
        await scope.register(oidcRoutes(oidc));
      });
      await app.register(meRoutes, { ctx });
      await app.register(sessionRoutes, { ctx });
      await app.register(accountDeletionRoutes, { ctx });
      await app.register(apiTokenRoutes, { ctx });
      await app.register(organizerRoutes, { ctx });
      await app.register(invitationRoutes, { ctx });
      await app.register(adminUserRoutes, { ctx });
    },
  };
}
