import { Type } from 'typebox';
import { Envelope, ok, problems } from '../../../platform/http/envelope.js';
import type { App } from '../../../platform/http/types.js';
import type { IdentityContext } from '../identity.context.js';
import {
  AcceptInvitationBody,
  IdParams,
  Invitation,
  InvitationParams,
  InviteBody,
  OrganizerRole,
} from '../identity.schemas.js';
import {
  acceptInvitation,
  cancelInvitation,
  inviteMember,
  pendingInvitations,
  toInvitation,
} from './invitations.service.js';

const tags = ['organizers'];

/** Inviting people into an organizer team by email. */
export async function invitationRoutes(app: App, { ctx }: { ctx: IdentityContext }): Promise<void> {
  app.post(
    '/v1/organizers/:id/invitations',
    {
      config: { auth: true },
      schema: {
        summary: 'Invite someone by email (owners and managers; only owners invite owners)',
        tags,
        params: IdParams,
        body: InviteBody,
        response: { 201: Envelope(Invitation), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const row = await inviteMember(ctx, request.principal!, request.params.id, request.body);
      return reply.code(201).send(ok(toInvitation(row)));
    },
  );

  app.get(
    '/v1/organizers/:id/invitations',
    {
      config: { auth: true },
      schema: {
        summary: 'Pending invitations of an organizer team',
        tags,
        params: IdParams,
        response: { 200: Envelope(Type.Array(Invitation)), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) =>
      ok((await pendingInvitations(ctx, request.principal!, request.params.id)).map(toInvitation)),
  );

  app.delete(
    '/v1/organizers/:id/invitations/:invitationId',
    {
      config: { auth: true },
      schema: {
        summary: 'Cancel a pending invitation',
        tags,
        params: InvitationParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id, invitationId } = request.params;
      await cancelInvitation(ctx, request.principal!, id, invitationId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/organizer-invitations/accept',
    {
      config: { auth: true },
      schema: {
        summary: 'Accept an invitation (signed in, with the invited and verified email)',
        tags,
        body: AcceptInvitationBody,
        response: {
          200: Envelope(
            Type.Object({ organizerId: Type.String({ format: 'uuid' }), role: OrganizerRole }),
          ),
          ...problems(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => ok(await acceptInvitation(ctx, request.principal!, request.body.token)),
  );
}
