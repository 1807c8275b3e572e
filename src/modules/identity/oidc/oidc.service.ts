import * as client from 'openid-client';
import { isLoopbackUrl, type OidcProviderConfig } from '../../../config.js';
import type { Tx } from '../../../platform/db/database.js';
import { AppError, forbidden, notFound } from '../../../platform/http/errors.js';
import {
  deleteIdentityLink,
  findIdentityLink,
  insertIdentityLink,
  insertLoginAttempt,
  takeLoginAttempt,
  touchIdentityLink,
} from './oidc.repository.js';
import { insertAccount, openSession, type TokenPair } from '../accounts/accounts.service.js';
import { AUDIT_ACTIONS, recordAudit } from '../admin/audit.js';
import type { IdentityContext } from '../identity.context.js';
import type { RequestMeta } from '../../../platform/http/request-meta.js';
import { revokeUserApiTokens } from '../api-tokens/api-tokens.service.js';
import { revokeUserSessions } from '../sessions/sessions.repository.js';
import { hashToken, randomToken } from '../sessions/tokens.js';
import {
  findUserByEmail,
  findUserById,
  updateUser,
  type UserRow,
} from '../accounts/users.repository.js';
import { IDENTITY_ERRORS, accountSuspended } from '../identity.errors.js';

/** How long a started sign-in may take before its callback is refused. */
export const OIDC_ATTEMPT_TTL_SECONDS = 600;

const invalidState = () =>
  new AppError(
    IDENTITY_ERRORS.oidcStateInvalid,
    400,
    'This sign-in is unknown, expired, already completed or was started in another browser. Start again.',
  );

/** Maps openid-client failures: the provider or the response said no (400), or it was unreachable (502). */
function providerFailure(error: unknown): AppError {
  if (error instanceof client.AuthorizationResponseError)
    return new AppError(
      IDENTITY_ERRORS.oidcDenied,
      400,
      `The provider did not authorize the sign-in (${error.error}).`,
    );
  if (error instanceof client.ResponseBodyError || error instanceof client.ClientError)
    return new AppError(
      IDENTITY_ERRORS.oidcFailed,
      400,
      'The provider response could not be accepted.',
    );
  return new AppError(
    IDENTITY_ERRORS.oidcProviderUnavailable,
    502,
    'The sign-in provider could not be reached.',
  );
}

/**
 * Sign-in with OpenID Connect providers: authorization code flow with PKCE
 * (S256), state and nonce kept server-side and bound to the starting browser.
 */
export function createOidcSignIn(ctx: IdentityContext) {
  const { config, database, log } = ctx.platform;
  const providers = new Map(config.oidcProviders.map((p) => [p.name, p]));
  const discovered = new Map<string, Promise<client.Configuration>>();

  const providerNamed = (name: string): OidcProviderConfig => {
    const provider = providers.get(name);
    if (!provider)
      throw notFound(`The sign-in provider "${name}"`, IDENTITY_ERRORS.oidcProviderNotFound);
    return provider;
  };

  const configurationOf = async (provider: OidcProviderConfig): Promise<client.Configuration> => {
    let pending = discovered.get(provider.name);
    if (!pending) {
      pending = client.discovery(
        new URL(provider.issuer),
        provider.clientId,
        provider.clientSecret,
        undefined,
        // Plain http is refused except for an issuer on this machine (development, tests).
        isLoopbackUrl(provider.issuer) ? { execute: [client.allowInsecureRequests] } : undefined,
      );
      discovered.set(provider.name, pending);
      // A failed discovery is retried on the next sign-in rather than cached.
      pending.catch(() => discovered.delete(provider.name));
    }
    try {
      return await pending;
    } catch (error) {
      log.warn({ err: error, provider: provider.name }, 'OpenID discovery failed');
      throw providerFailure(error);
    }
  };

  const redirectUri = (name: string) =>
    `${config.publicBaseUrl}/v1/auth/oidc/${encodeURIComponent(name)}/callback`;

  /** Finds or creates the user a provider account signs in as. */
  async function resolveUser(
    tx: Tx,
    provider: string,
    claims: { sub: string; email?: string; emailVerified: boolean; name?: string },
    meta: RequestMeta,
  ): Promise<UserRow> {
    const link = await findIdentityLink(tx, provider, claims.sub);
    const linked = link && (await findUserById(tx, link.userId));
    if (linked && linked.status !== 'deleted') {
      await touchIdentityLink(tx, provider, claims.sub);
      return linked;
    }
    // The linked account was deleted (anonymised): the person may start afresh.
    if (link) await deleteIdentityLink(tx, provider, claims.sub);
    if (!claims.email || !claims.emailVerified)
      throw forbidden(
        'The provider did not confirm an email address for this account.',
        IDENTITY_ERRORS.oidcEmailNotVerified,
      );
    let user = await findUserByEmail(tx, claims.email);
    if (user && !user.emailVerifiedAt) {
      // Whoever registered this address never proved it: they may not keep access
      // (pre-account hijacking), so the password, sessions and API tokens go.
      await revokeUserSessions(tx, user.id, 'oidc_link_unverified');
      await revokeUserApiTokens(tx, user.id);
      user = (await updateUser(tx, user.id, { passwordHash: null, emailVerifiedAt: new Date() }))!;
    }
    user ??= await insertAccount(tx, {
      email: claims.email,
      name: claims.name?.trim() || claims.email.split('@')[0]!,
      passwordHash: null,
      emailVerified: true,
    });
    await insertIdentityLink(tx, {
      provider,
      subject: claims.sub,
      userId: user.id,
      email: claims.email,
    });
    await recordAudit(tx, {
      userId: user.id,
      action: 'oidc.linked',
      ...meta,
      details: { provider },
    });
    return user;
  }

  return {
    /** Starts a sign-in: the provider URL to redirect to and the browser-binding cookie value. */
    async start(name: string): Promise<{ url: string; browserToken: string }> {
      const provider = providerNamed(name);
      const configuration = await configurationOf(provider);
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const browserToken = randomToken();
      await database.transaction((tx) =>
        insertLoginAttempt(tx, {
          stateHash: hashToken(state),
          provider: name,
          browserHash: hashToken(browserToken),
          nonce,
          codeVerifier,
          ttlSeconds: OIDC_ATTEMPT_TTL_SECONDS,
        }),
      );
      const url = client.buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUri(name),
        scope: provider.scope,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.href, browserToken };
    },

    /** Completes a sign-in from the provider's redirect; returns a session for our user. */
    async callback(
      name: string,
      query: string,
      browserToken: string | undefined,
      meta: RequestMeta,
    ): Promise<{ user: UserRow; tokens: TokenPair }> {
      const provider = providerNamed(name);
      const state = new URLSearchParams(query).get('state');
      if (!state) throw invalidState();
      const attempt = await database.transaction((tx) => takeLoginAttempt(tx, hashToken(state)));
      if (
        !attempt ||
        attempt.provider !== name ||
        !browserToken ||
        hashToken(browserToken) !== attempt.browserHash
      )
        throw invalidState();

      const configuration = await configurationOf(provider);
      const currentUrl = new URL(redirectUri(name));
      currentUrl.search = query;
      let claims: { sub: string; email?: string; emailVerified: boolean; name?: string };
      try {
        const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
          pkceCodeVerifier: attempt.codeVerifier,
          expectedState: state,
          expectedNonce: attempt.nonce,
          idTokenExpected: true,
        });
        let info: Record<string, unknown> = { ...tokens.claims() };
        // Many providers put email only in UserInfo (oidc-provider does by default).
        if (info.email === undefined && configuration.serverMetadata().userinfo_endpoint)
          info = {
            ...info,
            ...(await client.fetchUserInfo(configuration, tokens.access_token, String(info.sub))),
          };
        claims = {
          sub: String(info.sub),
          email: typeof info.email === 'string' ? info.email.trim() : undefined,
          emailVerified: info.email_verified === true,
          name: typeof info.name === 'string' ? info.name : undefined,
        };
      } catch (error) {
        if (error instanceof AppError) throw error;
        log.warn({ err: error, provider: name }, 'OpenID sign-in failed');
        throw providerFailure(error);
      }

      return database.transaction(async (tx) => {
        const user = await resolveUser(tx, name, claims, meta);
        if (user.status !== 'active') throw accountSuspended();
        await recordAudit(tx, {
          userId: user.id,
          action: AUDIT_ACTIONS.oidcSignIn,
          ...meta,
          details: { provider: name },
        });
        return { user, tokens: await openSession(ctx, tx, user, meta) };
      });
    },
  };
}

export type OidcSignIn = ReturnType<typeof createOidcSignIn>;
