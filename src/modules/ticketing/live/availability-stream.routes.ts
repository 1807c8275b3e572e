import type { OutgoingHttpHeaders } from 'node:http';
import { Type } from 'typebox';
import { problems } from '../../../platform/http/envelope.js';
import { AppError, notFound } from '../../../platform/http/errors.js';
import type { App } from '../../../platform/http/types.js';
import { CATALOG_ERRORS } from '../../catalog/index.js';
import type { TicketingContext } from '../ticketing.context.js';
import { TICKETING_ERRORS } from '../ticketing.errors.js';
import { EventParams } from '../ticketing.schemas.js';
import { assertCanWatch } from './availability.js';
import { AVAILABILITY_MESSAGE, type EventAvailability } from './availability-data.js';
import type { AvailabilityWatchers } from './availability-watchers.js';
import { EventStream, RETRY_MS } from './event-stream.js';

const StreamHeaders = Type.Object({
  'last-event-id': Type.Optional(
    Type.String({
      pattern: '^[0-9]{1,15}$',
      description: 'The last `id:` this client received; the stream goes on from the next one.',
    }),
  ),
});

const tooManyStreams = (limit: number) =>
  new AppError(
    TICKETING_ERRORS.tooManyStreams,
    429,
    `At most ${limit} availability streams may be open from one address; close one first.`,
    { limit },
  );

/**
 * `GET /v1/events/:id/availability/stream`: the event's live availability as
 * Server-Sent Events, for clients that cannot hold a WebSocket. It is the
 * socket channel's twin: the same checks, the same snapshot first, then the
 * same coalesced updates, from the same watchers.
 */
export function availabilityStreamRoutes(
  app: App,
  ctx: TicketingContext,
  watchers: AvailabilityWatchers,
): void {
  const { realtime, ticketing } = ctx.platform.config;
  const streams = new Set<EventStream>();
  const perAddress = new Map<string, number>();

  // Open streams would keep the server from closing: end them first.
  app.addHook('preClose', (done) => {
    for (const stream of [...streams]) stream.end();
    done();
  });

  app.get(
    '/v1/events/:id/availability/stream',
    {
      config: { noStore: true },
      // A HEAD would open a stream with no body to send it in.
      exposeHeadRoute: false,
      schema: {
        summary: 'Live availability of the event (Server-Sent Events)',
        description:
          "A `text/event-stream` of `availability` events, each the whole availability of the event's ticket types (as on the socket channel `event:{id}:availability`): the current one first, then one per change, at most one per `REALTIME_COALESCE_MS` and always ending with the latest. Every event has an increasing `id:`; a client reconnecting with `Last-Event-ID` gets the current availability again with the next id (the state is whole, nothing needs replaying). A comment line keeps an idle stream open. Drafts only for the organizer's team.",
        tags: ['ticketing'],
        params: EventParams,
        headers: StreamHeaders,
        response: {
          200: {
            description: `Server-Sent Events; \`retry: ${RETRY_MS}\` first.`,
            content: { 'text/event-stream': { schema: Type.String() } },
          },
          ...problems(400, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const eventId = request.params.id;
      const address = request.ip;
      if ((perAddress.get(address) ?? 0) >= realtime.maxConnectionsPerIp)
        throw tooManyStreams(realtime.maxConnectionsPerIp);
      await assertCanWatch(ctx, request.principal, eventId);

      // Watch before reading the snapshot, so a change committed meanwhile follows it.
      let early: EventAvailability | undefined;
      let deliver = (data: EventAvailability): void => {
        early = data;
      };
      const unwatch = watchers.watch(eventId, (data) => deliver(data));
      let gone = false;
      const leave = () => (gone = true);
      reply.raw.once('close', leave);
      let snapshot: EventAvailability | null;
      try {
        snapshot = await watchers.current(
          eventId,
          ctx.catalog.eventChangeMark(eventId) !== undefined,
        );
      } catch (error) {
        unwatch();
        throw error;
      }
      reply.raw.off('close', leave);
      if (!snapshot) {
        unwatch();
        throw notFound('Event', CATALOG_ERRORS.eventNotFound);
      }
      reply.hijack();
      if (gone) return unwatch();

      const res = reply.raw;
      const headers: OutgoingHttpHeaders = {};
      // A hijacked reply writes its own head: keep what the app's hooks set (security, CORS, ids).
      for (const [name, value] of Object.entries(reply.getHeaders()))
        if (value !== undefined) headers[name] = value;
      res.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        // Proxies such as nginx would otherwise hold events back in their buffers.
        'x-accel-buffering': 'no',
      });
      res.socket?.setNoDelay(true);
      const lastId = request.headers['last-event-id'];
      perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
      const opened = new EventStream(res, {
        firstId: lastId === undefined ? 1 : Number(lastId) + 1,
        heartbeatMs: ticketing.streamHeartbeatMs,
        slowConsumerMs: realtime.slowConsumerMs,
        onClose: () => {
          unwatch();
          streams.delete(opened);
          const left = (perAddress.get(address) ?? 1) - 1;
          if (left > 0) perAddress.set(address, left);
          else perAddress.delete(address);
        },
      });
      streams.add(opened);
      opened.send(AVAILABILITY_MESSAGE, snapshot);
      if (early) opened.send(AVAILABILITY_MESSAGE, early);
      deliver = (data) => opened.send(AVAILABILITY_MESSAGE, data);
    },
  );
}
