import { Type } from 'typebox';
import { Envelope, ListEnvelope, ok, page, problems } from '../../../platform/http/envelope.js';
import {
  PaginationQuery,
  SortQuery,
  pageRequest,
  parseSort,
} from '../../../platform/http/pagination.js';
import type { App } from '../../../platform/http/types.js';
import { listAudit, toAuditEntry } from './audit.js';
import { requestMeta } from '../../../platform/http/request-meta.js';
import {
  USER_SORT_FIELDS,
  adminCreateUser,
  adminDeleteUser,
  adminUpdateUser,
  getUser,
  searchUsers,
} from './admin-users.service.js';
import type { IdentityContext } from '../identity.context.js';
import { toUser } from '../identity.mappers.js';
import {
  AdminCreateUserBody,
  AdminUpdateUserBody,
  AuditEntry,
  IdParams,
  RoleName,
  User,
  UserStatus,
} from '../identity.schemas.js';

const security = [{ bearerAuth: [] }];
const tags = ['users (admin)'];
const config = { permission: 'users:admin' as const };

/** Administration of user accounts (admins only). */
export async function adminUserRoutes(app: App, { ctx }: { ctx: IdentityContext }): Promise<void> {
  app.get(
    '/v1/users',
    {
      config,
      schema: {
        summary: 'Search users by name or email, filter by role and status',
        tags,
        security,
        querystring: Type.Object(
          {
            ...PaginationQuery,
            q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            role: Type.Optional(RoleName),
            status: Type.Optional(UserStatus),
            sort: SortQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: ListEnvelope(User), ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const paging = pageRequest(request.query);
      const sort = parseSort(request.query.sort, USER_SORT_FIELDS, [
        { field: 'createdAt', direction: 'desc' },
      ]);
      const { rows, total } = await searchUsers(ctx, request.query, sort, paging);
      return page(rows.map(toUser), { page: paging.page, limit: paging.limit, total });
    },
  );

  app.post(
    '/v1/users',
    {
      config,
      schema: {
        summary: 'Create a user (admins): roles, and optionally an address already verified',
        description:
          'For operators and test harnesses. The creation is audited with the admin who did it (`user.created`). An unverified account gets the verification mail a registration gets. A taken email answers 409.',
        tags,
        security,
        body: AdminCreateUserBody,
        response: { 201: Envelope(User), ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const user = await adminCreateUser(
        ctx,
        request.principal!,
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(ok(toUser(user)));
    },
  );

  app.get(
    '/v1/users/:id',
    {
      config,
      schema: {
        summary: 'One user',
        tags,
        security,
        params: IdParams,
        response: { 200: Envelope(User), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => ok(toUser(await getUser(ctx, request.params.id))),
  );

  app.patch(
    '/v1/users/:id',
    {
      config,
      schema: {
        summary: "Change a user's roles, or suspend / reactivate them",
        description: "Suspending ends the user's sessions at once.",
        tags,
        security,
        params: IdParams,
        body: AdminUpdateUserBody,
        response: { 200: Envelope(User), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      ok(
        toUser(
          await adminUpdateUser(
            ctx,
            request.principal!,
            request.params.id,
            request.body,
            requestMeta(request),
          ),
        ),
      ),
  );

  app.delete(
    '/v1/users/:id',
    {
      config,
      schema: {
        summary: 'Delete (anonymise) a user account',
        tags,
        security,
        params: IdParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await adminDeleteUser(ctx, request.principal!, request.params.id, requestMeta(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/users/:id/activity',
    {
      config: { permission: 'audit:read' },
      schema: {
        summary: "A user's security events",
        tags,
        params: IdParams,
        querystring: Type.Object(PaginationQuery, { additionalProperties: false }),
        response: { 200: ListEnvelope(AuditEntry), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await getUser(ctx, request.params.id);
      const paging = pageRequest(request.query);
      const { rows, total } = await listAudit(ctx.platform.database.db, request.params.id, paging);
      return page(rows.map(toAuditEntry), { page: paging.page, limit: paging.limit, total });
    },
  );
}
