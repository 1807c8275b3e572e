import { defineJob } from '../../../platform/jobs/jobs.js';
import type { CommunityContext } from '../community.context.js';

/** Every five minutes: flushes counted views and recomputes popularity scores. */
export const popularityRefreshJob = (ctx: CommunityContext) =>
  defineJob({
    name: 'community.popularity.refresh',
    schedule: '*/5 * * * *',
    retryLimit: 1,
    handle: async () => {
      await ctx.views.flush();
      await ctx.community.refreshPopularity();
    },
  });
