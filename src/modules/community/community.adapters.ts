import {
  listEvents,
  loadEventViews,
  setEventPopularity,
  type EventView,
} from '../catalog/index.js';
import { getProfile, identityContext } from '../identity/index.js';
import type { CommunityPorts } from './community.ports.js';

/** Community's view of the catalogue and identity, through their public exports only. */
export const catalogPorts: CommunityPorts<EventView> = {
  async eventsByIds(db, ids) {
    if (ids.length === 0) return [];
    const events = await loadEventViews(db, ids);
    return events.filter((e) => e.status === 'published');
  },
  async upcomingEvents(db, limit) {
    const pages: EventView[] = [];
    for (let page = 1; pages.length < limit; page++) {
      const result = await listEvents(
        db,
        { upcoming: true, sort: 'startsAt', page, limit: 100 },
        true,
      );
      pages.push(...result.data);
      if (result.data.length < 100) break;
    }
    return pages.slice(0, limit);
  },
  setEventPopularity,
  async preferredCategories(platform, userId) {
    const profile = await getProfile(identityContext(platform), userId);
    const categories = profile.preferences.favouriteCategories;
    return Array.isArray(categories) ? categories.filter((c) => typeof c === 'string') : [];
  },
};
