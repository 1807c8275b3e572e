import { healthRoutes } from './health.routes.js';

/** Liveness, readiness and the Tickest `/healthz` probe. */
export const healthModule = healthRoutes;
