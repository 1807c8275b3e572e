import type { Platform } from '../../platform/platform.js';
import type { CatalogApi, EventView } from '../catalog/index.js';
import type { IdentityApi } from '../identity/index.js';
import type { CommunityService } from './community.service.js';
import type { ViewCounter } from './view-counter.js';

/** The modules community reads: the catalogue's events and identity's profiles. */
export interface CommunityDeps {
  catalog: CatalogApi;
  identity: IdentityApi;
}

/** What community's use cases and routes share. */
export interface CommunityContext {
  platform: Platform;
  community: CommunityService<EventView>;
  /** Event views, counted in memory and flushed in batches. */
  views: ViewCounter;
}
