import type { EventReader, EventView } from '../catalog/index.js';
import type { CommunityService } from './community.service.js';
import { viewerKey, type ViewCounter } from './view-counter.js';

/**
 * Community's part in the catalogue's event reads, for the composition root
 * to hand to the catalogue: a read of one event counts a view (for
 * popularity), and a signed-in reader's events gain `favorited` and
 * `favoriteCount`.
 */
export function communityEventReader(
  community: CommunityService<EventView>,
  views: ViewCounter,
): EventReader {
  return {
    recordView: (eventId, viewer) => views.record(eventId, viewerKey(viewer)),
    annotateEvents: (userId, eventIds) => community.annotate(userId, eventIds),
  };
}
