import { Type } from 'typebox';
import { Envelope, ok, problems } from '../../../platform/http/envelope.js';
import type { App } from '../../../platform/http/types.js';
import type { IdentityContext } from '../identity.context.js';
import { toOrganizer } from '../identity.mappers.js';
import {
  AddMemberBody,
  CreateOrganizerBody,
  IdParams,
  Member,
  MemberParams,
  MemberRoleBody,
  Organizer,
  UpdateOrganizerBody,
} from '../identity.schemas.js';
import {
  createOrganizerProfile,
  getOrganizer,
  membersOf,
  removeMember,
  setMemberRole,
  updateOrganizerProfile,
} from './organizers.service.js';

const tags = ['organizers'];

/** Organizer profiles and their teams. */
export async function organizerRoutes(app: App, { ctx }: { ctx: IdentityContext }): Promise<void> {
  const { platform } = ctx;

  app.post(
    '/v1/organizers',
    {
      config: { permission: 'organizers:create' },
      schema: {
        summary: 'Create an organizer profile (you become its owner)',
        tags,
        body: CreateOrganizerBody,
        response: { 201: Envelope(Organizer), ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const organizer = await createOrganizerProfile(
        platform,
        request.principal!.userId,
        request.body,
      );
      return reply.code(201).send(ok(toOrganizer(organizer)));
    },
  );

  app.get(
    '/v1/organizers/:id',
    {
      schema: {
        summary: 'An organizer profile (public)',
        tags,
        params: IdParams,
        response: { 200: Envelope(Organizer), ...problems(400, 404) },
      },
    },
    async (request) => ok(toOrganizer(await getOrganizer(platform, request.params.id))),
  );

  app.patch(
    '/v1/organizers/:id',
    {
      config: { auth: true },
      schema: {
        summary: 'Change an organizer profile (owners and managers)',
        tags,
        params: IdParams,
        body: UpdateOrganizerBody,
        response: { 200: Envelope(Organizer), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) =>
      ok(
        toOrganizer(
          await updateOrganizerProfile(
            platform,
            request.principal!,
            request.params.id,
            request.body,
          ),
        ),
      ),
  );

  app.get(
    '/v1/organizers/:id/members',
    {
      config: { auth: true },
      schema: {
        summary: 'The members of an organizer team (members only)',
        tags,
        params: IdParams,
        response: { 200: Envelope(Type.Array(Member)), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const members = await membersOf(platform, request.principal!, request.params.id);
      return ok(
        members.map((m) => ({
          ...m,
          role: m.role as 'owner' | 'manager' | 'staff',
          joinedAt: m.joinedAt.toISOString(),
        })),
      );
    },
  );

  app.post(
    '/v1/organizers/:id/members',
    {
      config: { auth: true },
      schema: {
        summary: 'Add an existing user to the team (owners and managers; only owners grant owner)',
        tags,
        params: IdParams,
        body: AddMemberBody,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await setMemberRole(
        platform,
        request.principal!,
        request.params.id,
        request.body.userId,
        request.body.role,
        {
          mustExist: false,
        },
      );
      return reply.code(204).send(null);
    },
  );

  app.patch(
    '/v1/organizers/:id/members/:userId',
    {
      config: { auth: true },
      schema: {
        summary: "Change a member's role (the last owner cannot be demoted)",
        tags,
        params: MemberParams,
        body: MemberRoleBody,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await setMemberRole(
        platform,
        request.principal!,
        request.params.id,
        request.params.userId,
        request.body.role,
        {
          mustExist: true,
        },
      );
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/v1/organizers/:id/members/:userId',
    {
      config: { auth: true },
      schema: {
        summary: 'Remove a member, or leave the team yourself (the last owner cannot leave)',
        tags,
        params: MemberParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await removeMember(platform, request.principal!, request.params.id, request.params.userId);
      return reply.code(204).send(null);
    },
  );
}
