import { Type } from 'typebox';
import { Envelope, ok, problems } from '../../../platform/http/envelope.js';
import type { App } from '../../../platform/http/types.js';
import { requestMeta } from '../../../platform/http/request-meta.js';
import { toUser } from '../identity.mappers.js';
import { AuthResult } from '../identity.schemas.js';
import { OIDC_ATTEMPT_TTL_SECONDS, type OidcSignIn } from './oidc.service.js';

const COOKIE = 'marquee_oidc';

/** One cookie's value from the Cookie header, or undefined. */
function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

const ProviderParams = Type.Object({
  provider: Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z0-9-]+$' }),
});

/** GET /v1/auth/oidc/providers, /:provider/start and /:provider/callback. */
export function oidcRoutes(signIn: OidcSignIn) {
  return async (app: App): Promise<void> => {
    const { config } = app.platform;
    const secure = config.publicBaseUrl.startsWith('https:') ? '; Secure' : '';
    const cookiePath = (provider: string) => `/v1/auth/oidc/${provider}/callback`;

    app.get(
      '/v1/auth/oidc/providers',
      {
        schema: {
          summary: 'List OpenID Connect sign-in providers',
          tags: ['auth'],
          response: {
            200: Envelope(
              Type.Array(
                Type.Object({
                  name: Type.String(),
                  startUrl: Type.String({ description: 'Open this in the browser to sign in.' }),
                }),
              ),
            ),
          },
        },
      },
      async () =>
        ok(
          config.oidcProviders.map((p) => ({
            name: p.name,
            startUrl: `${config.publicBaseUrl}/v1/auth/oidc/${p.name}/start`,
          })),
        ),
    );

    app.get(
      '/v1/auth/oidc/:provider/start',
      {
        schema: {
          summary: 'Start signing in with an OpenID Connect provider',
          description:
            'Redirects the browser to the provider (authorization code flow with PKCE S256, state and nonce). Sets an HttpOnly cookie binding the sign-in to this browser for 10 minutes.',
          tags: ['auth'],
          params: ProviderParams,
          response: {
            302: Type.Null({ description: 'Redirect to the provider (Location header).' }),
            ...problems(404, 502),
          },
        },
      },
      async (request, reply) => {
        const { provider } = request.params;
        const { url, browserToken } = await signIn.start(provider);
        reply.header(
          'set-cookie',
          `${COOKIE}=${browserToken}; Path=${cookiePath(provider)}; Max-Age=${OIDC_ATTEMPT_TTL_SECONDS}; HttpOnly; SameSite=Lax${secure}`,
        );
        reply.header('cache-control', 'no-store');
        return reply.redirect(url, 302);
      },
    );

    app.get(
      '/v1/auth/oidc/:provider/callback',
      {
        schema: {
          summary: 'Finish signing in with an OpenID Connect provider',
          description:
            'The provider redirects here. Checks state (and the browser cookie), exchanges the code, checks the nonce, and signs in: the account linked to this provider account, else the account with the same provider-verified email (then linked), else a new account (email verified, no password). Answers the session as JSON, like password login.',
          tags: ['auth'],
          params: ProviderParams,
          querystring: Type.Object(
            {
              state: Type.Optional(Type.String({ maxLength: 512 })),
              code: Type.Optional(Type.String({ maxLength: 2048 })),
              error: Type.Optional(Type.String({ maxLength: 256 })),
            },
            { additionalProperties: true },
          ),
          response: { 200: Envelope(AuthResult), ...problems(400, 403, 404, 502) },
        },
      },
      async (request, reply) => {
        const { provider } = request.params;
        // The attempt is single-use whatever happens next, so the cookie goes too.
        reply.header(
          'set-cookie',
          `${COOKIE}=; Path=${cookiePath(provider)}; Max-Age=0; HttpOnly; SameSite=Lax${secure}`,
        );
        reply.header('cache-control', 'no-store');
        const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
        const { user, tokens } = await signIn.callback(
          provider,
          query,
          readCookie(request.headers.cookie, COOKIE),
          requestMeta(request),
        );
        return ok({ user: toUser(user), tokens });
      },
    );
  };
}
