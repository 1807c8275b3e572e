import { Type } from 'typebox';
import { Envelope, ok, problems } from '../../../platform/http/envelope.js';
import type { App } from '../../../platform/http/types.js';
import { login, logout, refresh, register } from './accounts.service.js';
import type { IdentityContext } from '../identity.context.js';
import { requestMeta } from '../../../platform/http/request-meta.js';
import { toUser } from '../identity.mappers.js';
import {
  AuthResult,
  LoginBody,
  RefreshBody,
  RefreshResult,
  RegisterBody,
} from '../identity.schemas.js';
import { invalidRefreshToken } from './accounts.service.js';
import cookie from '@fastify/cookie';
import {
  clearRefreshCookie,
  refreshTokenFrom,
  setRefreshCookie,
} from '../sessions/refresh-cookie.js';

/** Registration, sign-in, token refresh and sign-out. */
export async function authRoutes(app: App, { ctx }: { ctx: IdentityContext }): Promise<void> {
  const { config } = ctx.platform;
  await app.register(cookie);

  app.post(
    '/v1/auth/register',
    {
      schema: {
        summary: 'Create an account and sign in',
        tags: ['auth'],
        body: RegisterBody,
        response: { 201: Envelope(AuthResult), ...problems(400, 409, 429) },
      },
    },
    async (request, reply) => {
      const { user, tokens } = await register(ctx, request.body, requestMeta(request));
      setRefreshCookie(reply, tokens.refreshToken, config);
      return reply.code(201).send(ok({ user: toUser(user), tokens }));
    },
  );

  app.post(
    '/v1/auth/login',
    {
      schema: {
        summary: 'Sign in with email and password',
        tags: ['auth'],
        body: LoginBody,
        response: { 200: Envelope(AuthResult), ...problems(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      // A throttled sign-in (429) carries its wait: the error handler sets Retry-After.
      const { user, tokens } = await login(ctx, request.body, requestMeta(request));
      setRefreshCookie(reply, tokens.refreshToken, config);
      return ok({ user: toUser(user), tokens });
    },
  );

  app.post(
    '/v1/auth/refresh',
    {
      schema: {
        summary: 'Exchange a refresh token for a new token pair (the old one stops working)',
        description:
          'The refresh token comes from the JSON body or, for browsers, from the HttpOnly `marquee_refresh` cookie; the cookie path requires an Origin from PUBLIC_BASE_URL or CORS_ORIGINS.',
        tags: ['auth'],
        body: Type.Union([RefreshBody, Type.Null()]),
        response: { 200: Envelope(RefreshResult), ...problems(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const token = refreshTokenFrom(request, request.body?.refreshToken, config);
      if (!token) throw invalidRefreshToken();
      const tokens = await refresh(ctx, token);
      setRefreshCookie(reply, tokens.refreshToken, config);
      return ok({ tokens });
    },
  );

  app.post(
    '/v1/auth/logout',
    {
      schema: {
        summary:
          'Sign out: end the current session (access token) or the one a refresh token names',
        tags: ['auth'],
        body: Type.Union([RefreshBody, Type.Null()]),
        response: { 204: Type.Null(), ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      await logout(ctx, {
        sessionId: request.principal?.sessionId,
        refreshToken: refreshTokenFrom(request, request.body?.refreshToken, config),
      });
      clearRefreshCookie(reply);
      return reply.code(204).send(null);
    },
  );
}
