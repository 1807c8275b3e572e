import type { EventView } from '../catalog/index.js';
import type { CommunityDeps } from './community.context.js';
import type { CommunityPorts } from './community.ports.js';

/** Community's view of the catalogue and identity, through their APIs only. */
export const communityPorts = ({
  catalog,
  identity,
}: CommunityDeps): CommunityPorts<EventView> => ({
  async eventsByIds(db, ids) {
    if (ids.length === 0) return [];
    const events = await catalog.loadEventViews(db, ids);
    return events.filter((e) => e.status === 'published');
  },
  async upcomingEvents(_db, limit) {
    const pages: EventView[] = [];
    for (let page = 1; pages.length < limit; page++) {
      const { items } = await catalog.listEvents({
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
  setEventPopularity: catalog.setEventPopularity,
  async preferredCategories(userId) {
    const profile = await identity.getProfile(userId);
    const categories = profile.preferences.favouriteCategories;
    return Array.isArray(categories) ? categories.filter((c) => typeof c === 'string') : [];
  },
});
