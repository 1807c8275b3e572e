import { Envelope, ok, problems } from '../../../platform/http/envelope.js';
import type { App } from '../../../platform/http/types.js';
import { getProfile, updateProfile } from './accounts.service.js';
import type { IdentityContext } from '../identity.context.js';
import { toOrganizer, toUser } from '../identity.mappers.js';
import { MyOrganizer, UpdateMeBody, User } from '../identity.schemas.js';
import { listOrganizersOfUser } from '../organizers/organizers.repository.js';
import { Type } from 'typebox';

/** The signed-in user's own profile. */
export async function meRoutes(app: App, { ctx }: { ctx: IdentityContext }): Promise<void> {
  app.get(
    '/v1/me',
    {
      config: { auth: true },
      schema: {
        summary: 'Your profile',
        tags: ['me'],
        response: { 200: Envelope(User), ...problems(401) },
      },
    },
    async (request) => ok(toUser(await getProfile(ctx, request.principal!.userId))),
  );

  app.patch(
    '/v1/me',
    {
      config: { auth: true },
      schema: {
        summary: 'Change your profile (name, bio, avatar, locale, time zone, preferences)',
        description: 'Roles, email and status cannot be changed here; sending them is a 400.',
        tags: ['me'],
        body: UpdateMeBody,
        response: { 200: Envelope(User), ...problems(400, 401) },
      },
    },
    async (request) =>
      ok(toUser(await updateProfile(ctx, request.principal!.userId, request.body))),
  );

  app.get(
    '/v1/me/organizers',
    {
      config: { auth: true },
      schema: {
        summary: 'Organizer profiles you are a member of, with your role',
        tags: ['me', 'organizers'],
        response: { 200: Envelope(Type.Array(MyOrganizer)), ...problems(401) },
      },
    },
    async (request) => {
      const rows = await listOrganizersOfUser(ctx.platform.database.db, request.principal!.userId);
      return ok(
        rows.map((row) => ({
          ...toOrganizer(row.organizer),
          role: row.role as 'owner' | 'manager' | 'staff',
        })),
      );
    },
  );
}
