import type { Platform } from '../../platform/platform.js';
import type { CatalogApi, EventView } from '../catalog/index.js';
import type { IdentityApi } from '../identity/index.js';
import type { TicketingApi } from '../ticketing/index.js';
import type { ChatContext } from './chat/chat.context.js';
import type { CommunityService } from './community.service.js';
import type { ViewCounter } from './view-counter.js';

/** The modules community reads: the catalogue's events, identity's profiles and teams, ticket holders. */
export interface CommunityDeps {
  catalog: CatalogApi;
  identity: IdentityApi;
  ticketing: TicketingApi;
}

/** What community's use cases and routes share. */
export interface CommunityContext {
  platform: Platform;
  community: CommunityService<EventView>;
  /** Event views, counted in memory and flushed in batches. */
  views: ViewCounter;
  /** Event chat (`chat/`). */
  chat: ChatContext;
}
