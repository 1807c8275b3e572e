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
      const { items } = await listEvents(db, {
        upcoming: true,
        sort: [{ field: 'startsAt', direction: 'asc' }],
        page,
        limit: 100,
      });
      pages.push(...items);
      if (items.length < 100) break;
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
