import fp from 'fastify-plugin';
import type { FastifyRequest, onSendHookHandler, preHandlerHookHandler } from 'fastify';
import { deferNotModified, isNotModifiedNow, personalEtag } from '../../platform/http/etag.js';
import { defineJob } from '../../platform/jobs/jobs.js';
import type { App } from '../../platform/http/types.js';
import { catalogPorts } from './community.adapters.js';
import { communityRoutes } from './community.routes.js';
import { subscribePurchases } from './subscribers/purchases.subscriber.js';
import { CommunityService } from './community.service.js';
import { ViewCounter, viewerKey } from './view-counter.js';
import type { EventView } from '../catalog/index.js';

export { COMMUNITY_ERRORS, type CommunityErrorCode } from './community.errors.js';
export { COMMUNITY_EVENTS, type FavoritePayload } from './community.events.js';
export { CommunityService, type EventAnnotation } from './community.service.js';
export { viewerKey } from './view-counter.js';
export { communityEventReader } from './event-reader.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Community's use cases, for downstream adapters (the Tickest API). */
    community: CommunityService<EventView>;
    /** Event views, counted in memory and flushed in batches. */
    eventViews: ViewCounter;
  }
}

/** The catalogue's single-event and list routes whose events community annotates. */
const EVENT_ROUTES = new Set(['/v1/events/:id', '/v1/events']);

/**
 * Adds `favorited` and `favoriteCount` to a serialized `{success, data}` body
 * whose data is one event or a list of them; undefined when it is not that.
 */
async function annotateBody(
  community: CommunityService<EventView>,
  userId: string,
  text: string,
): Promise<{ body: string; marker: string } | undefined> {
  let body: { success?: boolean; data?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return undefined;
  }
  if (body?.success !== true || !body.data) return undefined;
  const items = (Array.isArray(body.data) ? body.data : [body.data]) as Array<{ id?: unknown }>;
  const ids = items.map((e) => e.id).filter((id): id is number => typeof id === 'number');
  const annotations = await community.annotate(userId, ids);
  const annotated = items.map((e) =>
    typeof e.id === 'number' ? { ...e, ...annotations.get(e.id) } : e,
  );
  const marker = ids
    .map((id) => `${annotations.get(id)?.favorited ? 1 : 0}${annotations.get(id)?.favoriteCount}`)
    .join('.');
  const data = Array.isArray(body.data) ? annotated : annotated[0];
  return { body: JSON.stringify({ ...body, data }), marker };
}

/** Records who viewed an event for popularity; writes happen later, in batches. */
export function recordView(app: App, request: FastifyRequest, eventId: number): void {
  app.eventViews.record(
    eventId,
    viewerKey({
      userId: request.principal?.userId,
      ip: request.ip,
      userAgent: request.headers['user-agent'],
    }),
  );
}

/**
 * Community's hook on the catalogue's event routes: a 200 of one event counts a
 * view, and a signed-in reader's events gain `favorited` and `favoriteCount`.
 * It is attached to those routes only (other routes pay nothing), so this
 * plugin is registered before the catalogue; it reaches the community service
 * through `app.community`, decorated later by `communityModule`.
 */
export const communityRouteHooks = fp(
  async (app: App) => {
    // One callback-style onSend hook: it counts a view of a single event and, for a
    // signed-in reader, annotates the serialized body (the catalogue answers from a
    // cache of serialized bodies). An anonymous list read returns at once.
    const onSend: onSendHookHandler<unknown> = (request, reply, payload, done) => {
      if (request.method !== 'GET' || reply.statusCode !== 200) return done(null, payload);
      const { id } = request.params as { id?: number };
      if (typeof id === 'number') recordView(app, request, id);
      const userId = request.principal?.userId;
      if (!userId || (typeof payload !== 'string' && !Buffer.isBuffer(payload)))
        return done(null, payload);
      annotateBody(app.community, userId, payload.toString()).then((annotated) => {
        // The 304 of a signed-in read is decided here, on the whole personal validator.
        const etag = reply.getHeader('etag');
        if (typeof etag === 'string') {
          const whole = annotated ? personalEtag(etag, annotated.marker) : etag;
          if (isNotModifiedNow(request, reply, whole)) return done(null, null);
        }
        done(null, annotated ? annotated.body : payload);
      }, done);
    };
    // A signed-in reader's validator gains its personal part in onSend, so no 304 before.
    const deferForReader: preHandlerHookHandler = (request, _reply, done) => {
      if (request.principal?.userId) deferNotModified(request);
      done();
    };
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (!methods.includes('GET') || !EVENT_ROUTES.has(route.url)) return;
      route.preHandler = [...asArray(route.preHandler), deferForReader];
      route.onSend = [...asArray(route.onSend), onSend];
    });
  },
  { name: 'community-route-hooks' },
);

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * Favourites, popularity, trending and recommendations. Registered after the
 * catalogue; it adds `favorited` and `favoriteCount` to the catalogue's event
 * representations and counts their views through hooks, so the catalogue
 * never depends on community (docs/adr/0006-community-composition.md).
 */
export const communityModule = fp(
  async (app: App) => {
    const { platform } = app;
    const community = new CommunityService<EventView>(platform, catalogPorts);
    const views = new ViewCounter(platform.database, platform.log);
    app.decorate('community', community);
    app.decorate('eventViews', views);

    const refresh = defineJob({
      name: 'community.popularity.refresh',
      schedule: '*/5 * * * *',
      retryLimit: 1,
      handle: async () => {
        await views.flush();
        await community.refreshPopularity();
      },
    });
    platform.jobs.register(refresh);

    subscribePurchases(platform.bus, community);

    app.addHook('onReady', async () => views.start(platform.config.viewFlushMs));
    app.addHook('onClose', async () => views.stop());

    await app.register(communityRoutes, { community });
  },
  { name: 'community' },
);
