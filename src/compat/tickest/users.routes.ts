import { Type } from 'typebox';
import { isAllowed } from '../../platform/http/access.js';
import { isUuid } from '../../platform/http/ids.js';
import type { App } from '../../platform/http/types.js';
import type { TickestContext } from './tickest.context.js';
import { tickestError } from './tickest.errors.js';
import {
  LoginBody,
  LoginResponse,
  Message,
  RegisterBody,
  TickestUser,
  TickestUserView,
  UserIdParams,
  UserUpdateBody,
  messages,
} from './tickest.schemas.js';

const tags = ['tickest'];

/** Tickest's /api/users routes over identity's use cases; never a password or hash out. */
export async function tickestUserRoutes(app: App, { ctx }: { ctx: TickestContext }) {
  const gateway = ctx.gateway;

  const userIdOf = (raw: string) => {
    if (!isUuid(raw)) throw tickestError(400, 'Invalid user id');
    return raw.toLowerCase();
  };
  const requireUser = async (id: string) => {
    const user = await gateway.getUser(id);
    if (!user) throw tickestError(404, 'User not found');
    return user;
  };

  app.post(
    '/users',
    {
      schema: {
        summary: 'Register',
        description: "Identity's password policy applies; 409 when the email is taken.",
        tags,
        body: RegisterBody,
        response: { 201: TickestUser, ...messages(400, 409) },
      },
    },
    async (request, reply) => {
      const user = await gateway.register(request.body, request);
      reply.code(201);
      return user;
    },
  );

  app.post(
    '/users/login',
    {
      config: { noStore: true },
      schema: {
        summary: 'Log in with name (or email) and password',
        description:
          'Answers the user object (with `_id`) at the top level, the same under `user`, and a bearer token.',
        tags,
        body: LoginBody,
        response: { 200: LoginResponse, ...messages(400, 401, 429) },
      },
    },
    async (request) => {
      const login = (request.body.email ?? request.body.name ?? '').trim();
      if (!login) throw tickestError(400, 'name or email is required');
      const { user, accessToken } = await gateway.login(login, request.body.password, request);
      return { message: 'Login successful', ...user, user, accessToken };
    },
  );

  app.get(
    '/users',
    {
      schema: {
        summary: 'List users (administrators)',
        description: 'Needs an admin bearer token (TICKEST_OPEN_WRITES does not open it).',
        tags,
        security: [{ bearerAuth: [] }],
        response: { 200: Type.Array(TickestUser), ...messages(401, 403) },
      },
    },
    async (request) => {
      ctx.member(request, 'users:admin');
      return gateway.listUsers();
    },
  );

  app.get(
    '/users/:id',
    {
      schema: {
        summary: 'Get one user',
        description:
          '`email` only with a bearer token of that user or of an admin: ids are seen by team members and staff, and an id must not reveal an address.',
        tags,
        params: UserIdParams,
        response: { 200: TickestUserView, ...messages(400, 404) },
      },
    },
    async (request) => {
      const id = userIdOf(request.params.id);
      const { email, ...user } = await requireUser(id);
      const principal = request.principal;
      const isOwnerOrAdmin =
        !!principal && (principal.userId === id || isAllowed(principal, 'users:admin'));
      return isOwnerOrAdmin ? { ...user, email } : user;
    },
  );

  app.put(
    '/users/:id',
    {
      // The answer carries the email, whoever (a token or an open-writes app) asked.
      config: { noStore: true },
      schema: {
        summary: 'Update a user',
        description:
          "Needs a bearer token of this user (or an admin's; an API token also needs the write scope): changes name and about. A different email is not applied at once: the user keeps the current email until the new address confirms (POST /v1/auth/email-change/confirm). Without a token from this user's own sign-in within the last 10 minutes, the current address is first mailed a one-time approval link (POST /v1/auth/email-change/approve) and the new address hears nothing until it is used; with one, the new address gets its link at once and the current one a notice with a cancel link (POST /v1/auth/email-change/cancel). 409 when another account has the address, 429 after 5 changes in an hour. A password changes only through POST /v1/me/password or a reset.",
        tags,
        security: [{ bearerAuth: [] }],
        params: UserIdParams,
        body: UserUpdateBody,
        response: { 200: TickestUser, ...messages(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => {
      const id = userIdOf(request.params.id);
      ctx.userEditor(request, id);
      const current = await requireUser(id);
      const { password, ...changes } = request.body;
      if (password !== undefined) {
        throw tickestError(
          400,
          'Passwords change through POST /v1/me/password (with the current password) or a password reset',
        );
      }
      return gateway.updateUser(current, changes, request);
    },
  );

  app.delete(
    '/users/:id',
    {
      schema: {
        summary: 'Delete a user (administrators, or the user themselves)',
        description:
          'Needs a bearer token from a sign-in of that user or of an admin; API tokens are refused (403).',
        tags,
        security: [{ bearerAuth: [] }],
        params: UserIdParams,
        response: { 200: Message, ...messages(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const id = userIdOf(request.params.id);
      const actor = ctx.userEditor(request, id, 'delete');
      await requireUser(id);
      await gateway.deleteUser(actor, id, request);
      return { message: 'User deleted successfully' };
    },
  );
}
