import { Type } from 'typebox';
import { Envelope, problems } from '../../../platform/http/envelope.js';
import type { App } from '../../../platform/http/types.js';
import { ifMatch, sendEvent } from './event-replies.js';
import {
  Event,
  EventIdParams,
  OccurrenceInput,
  OccurrenceParams,
  OccurrencePatch,
  TicketTypeInput,
  TicketTypeParams,
  TicketTypePatch,
} from './events.schemas.js';
import { partCommands as parts } from './parts.commands.js';
import type { CatalogContext } from '../catalog.context.js';

const write = { permission: 'events:write' as const };
const secured = [{ bearerAuth: [] }];
const eventResponse = (...statuses: number[]) => ({
  200: Envelope(Event),
  201: Envelope(Event),
  ...problems(400, 401, 403, 404, 412, ...statuses),
});

/** Occurrences and ticket types, addressed by their stable ids. */
export async function partRoutes(app: App, ctx: CatalogContext): Promise<void> {
  app.post(
    '/v1/events/:id/occurrences',
    {
      config: write,
      schema: {
        summary: 'Add an occurrence (date and place)',
        tags: ['catalog'],
        security: secured,
        params: EventIdParams,
        body: Type.Omit(OccurrenceInput, ['id']),
        response: eventResponse(409),
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      return sendEvent(
        reply,
        await parts.addOccurrence(ctx, request.principal, id, ifMatch(request), request.body),
        201,
      );
    },
  );

  app.patch(
    '/v1/events/:id/occurrences/:occurrenceId',
    {
      config: write,
      schema: {
        summary: 'Change an occurrence',
        tags: ['catalog'],
        security: secured,
        params: OccurrenceParams,
        body: OccurrencePatch,
        response: eventResponse(409),
      },
    },
    async (request, reply) => {
      const { id, occurrenceId } = request.params;
      return sendEvent(
        reply,
        await parts.changeOccurrence(
          ctx,
          request.principal,
          id,
          ifMatch(request),
          occurrenceId,
          request.body,
        ),
      );
    },
  );

  app.delete(
    '/v1/events/:id/occurrences/:occurrenceId',
    {
      config: write,
      schema: {
        summary: 'Remove an occurrence',
        tags: ['catalog'],
        security: secured,
        params: OccurrenceParams,
        response: eventResponse(409),
      },
    },
    async (request, reply) => {
      const { id, occurrenceId } = request.params;
      return sendEvent(
        reply,
        // A published event's last occurrence stays (checked after the delete).
        await parts.removeOccurrence(ctx, request.principal, id, ifMatch(request), occurrenceId),
      );
    },
  );

  app.post(
    '/v1/events/:id/ticket-types',
    {
      config: write,
      schema: {
        summary: 'Add a ticket type',
        tags: ['catalog'],
        security: secured,
        params: EventIdParams,
        body: Type.Omit(TicketTypeInput, ['id']),
        response: eventResponse(409),
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      return sendEvent(
        reply,
        await parts.addTicketType(ctx, request.principal, id, ifMatch(request), request.body),
        201,
      );
    },
  );

  app.patch(
    '/v1/events/:id/ticket-types/:ticketTypeId',
    {
      config: write,
      schema: {
        summary: 'Change a ticket type (capacity never below what is sold)',
        tags: ['catalog'],
        security: secured,
        params: TicketTypeParams,
        body: TicketTypePatch,
        response: eventResponse(409),
      },
    },
    async (request, reply) => {
      const { id, ticketTypeId } = request.params;
      return sendEvent(
        reply,
        await parts.changeTicketType(
          ctx,
          request.principal,
          id,
          ifMatch(request),
          ticketTypeId,
          request.body,
        ),
      );
    },
  );

  app.delete(
    '/v1/events/:id/ticket-types/:ticketTypeId',
    {
      config: write,
      schema: {
        summary: 'Delete a ticket type nothing was sold of',
        tags: ['catalog'],
        security: secured,
        params: TicketTypeParams,
        response: eventResponse(409),
      },
    },
    async (request, reply) => {
      const { id, ticketTypeId } = request.params;
      return sendEvent(
        reply,
        // A published event's last ticket type stays (checked after the delete).
        await parts.removeTicketType(ctx, request.principal, id, ifMatch(request), ticketTypeId),
      );
    },
  );
}
