import type { FastifyRequest, onSendHookHandler, preHandlerHookHandler } from 'fastify';
import type { Tx } from '../../platform/db/database.js';
import type { DeliveredEvent } from '../../platform/events/outbox.js';
import { deferNotModified, isNotModifiedNow, personalEtag } from '../../platform/http/etag.js';
import { defineJob } from '../../platform/jobs/jobs.js';
import type { App } from '../../platform/http/types.js';
import type { Module } from '../../platform/modules/module.js';
import type { Platform } from '../../platform/platform.js';
import { communityPorts } from './community.adapters.js';
import type { CommunityContext, CommunityDeps } from './community.context.js';
import { ORDER_CANCELLED, ORDER_CONFIRMED } from './community.events.js';
import { communityRoutes } from './community.routes.js';
import { CommunityService } from './community.service.js';
import { ViewCounter, viewerKey } from './view-counter.js';
import type { EventView } from '../catalog/index.js';

/** The catalogue's single-event and list routes whose events community annotates. */
const EVENT_ROUTES = new Set(['/v1/events/:id', '/v1/events']);

interface OrderConfirmedPayload {
  orderId: string;
  eventId: number;
  userId?: string | null;
  quantity?: number;
  tickets?: number;
  lines?: Array<{ quantity: number }>;
}

/** Tickets in a confirmed order, whichever way ticketing reports them. */
const ticketCount = (p: OrderConfirmedPayload) =>
  p.quantity ?? p.tickets ?? p.lines?.reduce((sum, line) => sum + line.quantity, 0) ?? 1;

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
function recordView(views: ViewCounter, request: FastifyRequest, eventId: number): void {
  views.record(
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
 * It is attached to those routes only (other routes pay nothing), so the
 * composition root adds it before the catalogue's routes (`beforeRoutes`).
 */
function eventRouteHooks(app: App, ctx: CommunityContext): void {
  {
    // One callback-style onSend hook: it counts a view of a single event and, for a
    // signed-in reader, annotates the serialized body (the catalogue answers from a
    // cache of serialized bodies). An anonymous list read returns at once.
    const onSend: onSendHookHandler<unknown> = (request, reply, payload, done) => {
      if (request.method !== 'GET' || reply.statusCode !== 200) return done(null, payload);
      const { id } = request.params as { id?: number };
      if (typeof id === 'number') recordView(ctx.views, request, id);
      const userId = request.principal?.userId;
      if (!userId || (typeof payload !== 'string' && !Buffer.isBuffer(payload)))
        return done(null, payload);
      annotateBody(ctx.community, userId, payload.toString()).then((annotated) => {
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
  }
}

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Community's door at run time: what the Tickest adapter uses. */
export interface CommunityApi {
  addFavorite: CommunityService<EventView>['addFavorite'];
  removeFavorite: CommunityService<EventView>['removeFavorite'];
  /** The user's favourite events. */
  allFavorites: CommunityService<EventView>['allFavorites'];
  /** Which of `eventIds` the user has favourited. */
  favoritedAmong: CommunityService<EventView>['favoritedAmong'];
  /** Records who viewed an event for popularity; writes happen later, in batches. */
  recordView(request: FastifyRequest, eventId: number): void;
}

/**
 * Favourites, popularity, trending and recommendations. It adds `favorited`
 * and `favoriteCount` to the catalogue's event representations and counts
 * their views through hooks, so the catalogue never depends on community
 * (docs/adr/0006-community-composition.md).
 */
export async function createCommunityModule(
  platform: Platform,
  deps: CommunityDeps,
): Promise<Module<CommunityApi, CommunityContext>> {
  const community = new CommunityService<EventView>(platform, communityPorts(deps));
  const views = new ViewCounter(platform.database, platform.log);
  const ctx: CommunityContext = { platform, community, views };

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

  // Tickets sold feed popularity and "your purchases"; a cancelled order stops counting.
  platform.bus.subscribe<OrderConfirmedPayload>(
    'community.purchases',
    [ORDER_CONFIRMED, ORDER_CANCELLED],
    async (event: DeliveredEvent<OrderConfirmedPayload>, tx: Tx) => {
      const p = event.payload;
      if (event.name === ORDER_CANCELLED) return community.forgetPurchase(tx, String(p.orderId));
      await community.recordPurchase(tx, {
        orderId: String(p.orderId ?? event.id),
        userId: p.userId ?? null,
        eventId: p.eventId,
        quantity: ticketCount(p),
        at: event.occurredAt,
      });
    },
  );

  return {
    name: 'community',
    api: {
      addFavorite: (userId, eventId) => community.addFavorite(userId, eventId),
      removeFavorite: (userId, eventId) => community.removeFavorite(userId, eventId),
      allFavorites: (userId) => community.allFavorites(userId),
      favoritedAmong: (userId, eventIds) => community.favoritedAmong(userId, eventIds),
      recordView: (request, eventId) => recordView(views, request, eventId),
    },
    context: ctx,
    beforeRoutes: (app: App) => eventRouteHooks(app, ctx),
    async routes(app: App) {
      await app.register(communityRoutes, { community });
    },
    start: async () => views.start(platform.config.viewFlushMs),
    stop: async () => views.stop(),
  };
}
