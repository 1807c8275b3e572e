import type { Platform } from '../../../platform/platform.js';
import type { CatalogApi } from '../../catalog/index.js';
import type { IdentityApi } from '../../identity/index.js';
import type { TicketingApi } from '../../ticketing/index.js';

/** The doors chat reads: the event's organizer, teams and names, ticket holders. */
export interface ChatDeps {
  catalog: CatalogApi;
  identity: IdentityApi;
  ticketing: TicketingApi;
}

/** What chat's use cases, routes and channel share. */
export interface ChatContext extends ChatDeps {
  platform: Platform;
  settings: Platform['config']['chat'];
}

/** The channel key (and client channel name) of an event's chat. */
export const chatChannelKey = (eventId: number) => `event:${eventId}:chat`;
