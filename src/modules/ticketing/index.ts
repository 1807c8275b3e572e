export { createTicketingModule, type TicketingApi } from './ticketing.module.js';
export type { TicketingDeps } from './ticketing.context.js';
export { TICKETING_EVENTS } from './ticketing.events.js';
export type { AvailabilityChangedPayload, WaitlistOfferedPayload } from './ticketing.events.js';
