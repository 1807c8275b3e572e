export { createCommunityModule, type CommunityApi } from './community.module.js';
export type { CommunityDeps } from './community.context.js';
export { COMMUNITY_ERRORS, type CommunityErrorCode } from './community.errors.js';
export { COMMUNITY_EVENTS, communityEvents, type FavoritePayload } from './community.events.js';
export type { EventAnnotation } from './community.service.js';
