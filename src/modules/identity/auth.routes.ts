import { Type } from 'typebox';
import { Envelope, ok, problems } from '../../platform/http/envelope.js';
import type { App } from '../../platform/http/types.js';
import { login, logout, refresh, register } from './accounts.service.js';
import type { IdentityContext, RequestMeta } from './identity.context.js';
import { toUser } from './identity.mappers.js';
import { AuthResult, LoginBody, RefreshBody, RegisterBody, Tokens } from './identity.schemas.js';
import { invalidRefreshToken } from './accounts.service.js';

export const requestMeta = (request: {
  ip: string;
  headers: Record<string, unknown>;
}): RequestMeta => ({
  ip: request.ip,
  userAgent:
    typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : null,
});

/** Registration, sign-in, token refresh and sign-out. */
export async function authRoutes(app: App, { ctx }: { ctx: IdentityContext }): Promise<void> {
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
    async (request) => {
      const { user, tokens } = await login(ctx, request.body, requestMeta(request));
      return ok({ user: toUser(user), tokens });
    },
  );

  app.post(
    '/v1/auth/refresh',
    {
      schema: {
        summary: 'Exchange a refresh token for a new token pair (the old one stops working)',
        tags: ['auth'],
        body: Type.Union([RefreshBody, Type.Null()]),
        response: { 200: Envelope(Tokens), ...problems(400, 401, 429) },
      },
    },
    async (request) => {
      const token = request.body?.refreshToken;
      if (!token) throw invalidRefreshToken();
      return ok(await refresh(ctx, token));
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
        response: { 204: Type.Null(), ...problems(400, 401) },
      },
    },
    async (request, reply) => {
      await logout(ctx, {
        sessionId: request.principal?.sessionId,
        refreshToken: request.body?.refreshToken,
      });
      return reply.code(204).send(null);
    },
  );
}
