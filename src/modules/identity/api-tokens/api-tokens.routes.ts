import { Type } from 'typebox';
import { Envelope, ok, problems } from '../../../platform/http/envelope.js';
import type { App } from '../../../platform/http/types.js';
import {
  assertSession,
  createApiToken,
  listApiTokens,
  revokeApiToken,
} from './api-tokens.service.js';
import { requestMeta } from '../../../platform/http/request-meta.js';
import type { IdentityContext } from '../identity.context.js';
import { ApiToken, CreateApiTokenBody, CreatedApiToken, IdParams } from '../identity.schemas.js';
import { IDENTITY_ERRORS } from '../identity.errors.js';

const tags = ['me'];

/** Personal API tokens (`Authorization: Bearer mq_...`) with read and write scopes. */
export async function apiTokenRoutes(app: App, { ctx }: { ctx: IdentityContext }): Promise<void> {
  app.post(
    '/v1/me/api-tokens',
    {
      config: { auth: true },
      schema: {
        summary: 'Create an API token (the secret is shown only in this response)',
        description: `Needs a sign-in (not an API token) and a verified email address (403 ${IDENTITY_ERRORS.emailNotVerified}). Every token is revoked when the password is reset, the email address changes, or an OpenID sign-in takes over an address that was never verified.`,
        tags,
        body: CreateApiTokenBody,
        response: { 201: Envelope(CreatedApiToken), ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      assertSession(request.principal!);
      const token = await createApiToken(
        ctx,
        request.principal!,
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(ok(token));
    },
  );

  app.get(
    '/v1/me/api-tokens',
    {
      config: { auth: true },
      schema: {
        summary: 'Your API tokens (never their secrets)',
        tags,
        response: { 200: Envelope(Type.Array(ApiToken)), ...problems(401, 403) },
      },
    },
    async (request) => ok(await listApiTokens(ctx.platform.database.db, request.principal!.userId)),
  );

  app.delete(
    '/v1/me/api-tokens/:id',
    {
      config: { auth: true },
      schema: {
        summary: 'Revoke one of your API tokens',
        tags,
        params: IdParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      assertSession(request.principal!);
      await revokeApiToken(ctx, request.principal!.userId, request.params.id, requestMeta(request));
      return reply.code(204).send(null);
    },
  );
}
