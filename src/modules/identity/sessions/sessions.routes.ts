import { Type } from 'typebox';
import { Envelope, ListEnvelope, ok, page, problems } from '../../../platform/http/envelope.js';
import { PaginationQuery, pageRequest } from '../../../platform/http/pagination.js';
import type { App } from '../../../platform/http/types.js';
import { assertSession } from '../api-tokens/api-tokens.service.js';
import { listAudit, toAuditEntry } from '../admin/audit.js';
import { requestMeta } from '../../../platform/http/request-meta.js';
import type { IdentityContext } from '../identity.context.js';
import { AuditEntry, ChangePasswordBody, IdParams, Session } from '../identity.schemas.js';
import {
  changePassword,
  mySessions,
  revokeAllMySessions,
  revokeMySession,
} from '../accounts/self-service.service.js';

const security = [{ bearerAuth: [] }];
const tags = ['me'];

/** The signed-in user's sessions, password and activity. */
export async function sessionRoutes(app: App, { ctx }: { ctx: IdentityContext }): Promise<void> {
  app.get(
    '/v1/me/sessions',
    {
      config: { auth: true },
      schema: {
        summary: 'Your signed-in sessions (device, IP, last use)',
        tags,
        security,
        response: { 200: Envelope(Type.Array(Session)), ...problems(401, 403) },
      },
    },
    async (request) =>
      ok(await mySessions(ctx, request.principal!.userId, request.principal!.sessionId)),
  );

  app.delete(
    '/v1/me/sessions/:id',
    {
      config: { auth: true },
      schema: {
        summary: 'Sign out one of your sessions',
        tags,
        security,
        params: IdParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      assertSession(request.principal!);
      await revokeMySession(
        ctx,
        request.principal!.userId,
        request.params.id,
        requestMeta(request),
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/me/sessions/revoke-all',
    {
      config: { auth: true },
      schema: {
        summary: 'Sign out every other session (the current one stays)',
        tags,
        security,
        response: {
          200: Envelope(Type.Object({ revoked: Type.Integer({ minimum: 0 }) })),
          ...problems(401, 403),
        },
      },
    },
    async (request) => {
      assertSession(request.principal!);
      const revoked = await revokeAllMySessions(
        ctx,
        request.principal!.userId,
        request.principal!.sessionId,
        requestMeta(request),
      );
      return ok({ revoked });
    },
  );

  app.post(
    '/v1/me/password',
    {
      config: { auth: true },
      schema: {
        summary: 'Change your password (other sessions are signed out)',
        tags,
        security,
        body: ChangePasswordBody,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      assertSession(request.principal!);
      const { userId, sessionId } = request.principal!;
      await changePassword(ctx, userId, sessionId, request.body, requestMeta(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/me/activity',
    {
      config: { auth: true },
      schema: {
        summary: 'Security events on your account (sign-ins, password changes, revocations)',
        tags,
        security,
        querystring: Type.Object(PaginationQuery, { additionalProperties: false }),
        response: { 200: ListEnvelope(AuditEntry), ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const paging = pageRequest(request.query);
      const { rows, total } = await listAudit(
        ctx.platform.database.db,
        request.principal!.userId,
        paging,
      );
      return page(rows.map(toAuditEntry), { page: paging.page, limit: paging.limit, total });
    },
  );
}
