import type { App } from '../../platform/http/types.js';
import type { Module } from '../../platform/modules/module.js';
import type { Platform } from '../../platform/platform.js';
import type { EventView } from '../catalog/index.js';
import { chatModerationRoutes } from './chat/chat-moderation.routes.js';
import { defineChatChannel } from './chat/chat.channel.js';
import type { ChatContext } from './chat/chat.context.js';
import { chatMessageRoutes } from './chat/chat.routes.js';
import { communityPorts } from './community.adapters.js';
import type { CommunityContext, CommunityDeps } from './community.context.js';
import { communityRoutes } from './community.routes.js';
import { CommunityService } from './community.service.js';
import { communityEventReader } from './event-reader.js';
import { popularityRefreshJob } from './jobs/popularity.job.js';
import { subscribePurchases } from './subscribers/purchases.subscriber.js';
import { subscribeChatAccess } from './subscribers/chat-access.subscriber.js';
import { ViewCounter, viewerKey } from './view-counter.js';

/** Community's door at run time: what the Tickest adapter uses. */
export interface CommunityApi {
  addFavorite: CommunityService<EventView>['addFavorite'];
  removeFavorite: CommunityService<EventView>['removeFavorite'];
  /** The user's favourite events. */
  allFavorites: CommunityService<EventView>['allFavorites'];
  /** Which of `eventIds` the user has favourited. */
  favoritedAmong: CommunityService<EventView>['favoritedAmong'];
  /** Records who viewed an event for popularity; writes happen later, in batches. */
  recordView(eventId: number, viewer: Parameters<typeof viewerKey>[0]): void;
}

/**
 * Favourites, popularity, trending, recommendations and event chat. It gives the
 * catalogue an event reader (views counted, `favorited` and `favoriteCount`
 * for a signed-in reader), so the catalogue never depends on community
 * (docs/adr/0006-community-composition.md).
 */
export async function createCommunityModule(
  platform: Platform,
  deps: CommunityDeps,
): Promise<Module<CommunityApi, CommunityContext>> {
  const community = new CommunityService<EventView>(platform, communityPorts(deps));
  const views = new ViewCounter(platform.database, platform.log);
  const chat: ChatContext = {
    platform,
    catalog: deps.catalog,
    identity: deps.identity,
    ticketing: deps.ticketing,
    settings: platform.config.chat,
  };
  const ctx: CommunityContext = { platform, community, views, chat };
  defineChatChannel(chat);
  platform.jobs.register(popularityRefreshJob(ctx));
  subscribePurchases(platform.bus, community);
  subscribeChatAccess(platform.bus, platform.realtime);
  deps.catalog.addEventReader(communityEventReader(community, views));

  return {
    name: 'community',
    api: {
      addFavorite: (userId, eventId) => community.addFavorite(userId, eventId),
      removeFavorite: (userId, eventId) => community.removeFavorite(userId, eventId),
      allFavorites: (userId) => community.allFavorites(userId),
      favoritedAmong: (userId, eventIds) => community.favoritedAmong(userId, eventIds),
      recordView: (eventId, viewer) => views.record(eventId, viewerKey(viewer)),
    },
    context: ctx,
    async routes(app: App) {
      await app.register(communityRoutes, { community });
      chatMessageRoutes(app, chat);
      chatModerationRoutes(app, chat);
    },
    start: async () => views.start(platform.config.viewFlushMs),
    stop: async () => views.stop(),
  };
}
