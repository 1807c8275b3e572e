import { Type } from 'typebox';
import { AppError } from '../../platform/http/errors.js';
import type { App } from '../../platform/http/types.js';
import type { TickestContext } from './tickest.context.js';
import { tickestError } from './tickest.errors.js';
import { parseEventId } from './tickest.query.js';
import { CategoryList, FavoriteBody, Message, TickestEvent, messages } from './tickest.schemas.js';

const tags = ['tickest'];
const owner =
  'The current user is the bearer token’s user; without a token, one shared guest user (as the original app had).';

/** How many events POST /api/recoms answers at most. */
const RECOMS_LIMIT = 100;

/** Tickest's favourites and category recommendations over community and the catalogue. */
export async function tickestFavoriteRoutes(app: App, { ctx }: { ctx: TickestContext }) {
  const { community } = ctx;

  app.get(
    '/favorites',
    {
      schema: {
        summary: 'List favourited events (plain array)',
        description: owner,
        tags,
        response: { 200: Type.Array(TickestEvent), ...messages() },
      },
    },
    async (request) => {
      const userId = await ctx.currentUserId(request);
      return ctx.present(request, await community.allFavorites(userId));
    },
  );

  app.post(
    '/favorites',
    {
      schema: {
        summary: 'Favourite an event',
        description: `${owner} 409 when it is already a favourite.`,
        tags,
        body: FavoriteBody,
        response: { 201: Message, ...messages(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const eventId = parseEventId(request.body.eventId);
      const userId = await ctx.currentUserId(request);
      try {
        const { created } = await community.addFavorite(userId, eventId);
        if (!created) throw tickestError(409, 'Already favorited');
      } catch (error) {
        if (error instanceof AppError && error.code === 'CATALOG.EVENT_NOT_FOUND')
          throw tickestError(404, 'Event not found');
        throw error;
      }
      reply.code(201);
      return { message: 'Event favorited' };
    },
  );

  app.delete(
    '/favorites',
    {
      schema: {
        summary: 'Remove a favourite',
        description: `${owner} The body carries the eventId, as in the original API.`,
        tags,
        body: FavoriteBody,
        response: { 200: Message, ...messages(400, 404) },
      },
    },
    async (request) => {
      const eventId = parseEventId(request.body.eventId);
      const userId = await ctx.currentUserId(request);
      if (!(await community.removeFavorite(userId, eventId)))
        throw tickestError(404, 'Favorite not found');
      return { message: 'Favorite removed' };
    },
  );

  app.post(
    '/recoms',
    {
      // A query sent as POST: a read-only API token may ask it.
      config: { scope: 'read' },
      schema: {
        summary: 'Events in any of the given categories, past ones included (plain array)',
        description: `Body: a JSON array of category names. At most ${RECOMS_LIMIT} events: upcoming ones soonest first, then past ones latest first.`,
        tags,
        body: CategoryList,
        response: { 200: Type.Array(TickestEvent), ...messages(400) },
      },
    },
    async (request) => {
      const wanted = [...new Set(request.body.map((c) => c.trim().toLowerCase()))];
      const events = await ctx.gateway.eventsInCategories(wanted.filter(Boolean), RECOMS_LIMIT);
      return ctx.present(request, events);
    },
  );
}
