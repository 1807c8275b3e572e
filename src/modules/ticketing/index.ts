export { createTicketingModule, type TicketingApi } from './ticketing.module.js';
export type { TicketingDeps } from './ticketing.context.js';
export { TICKETING_EVENTS, ticketingEvents } from './ticketing.events.js';
export type {
  AvailabilityChangedPayload,
  OrderCancelledPayload,
  OrderConfirmedPayload,
  RefundCompletedPayload,
  ReservationCreatedPayload,
  ReservationExpiredPayload,
  TicketCancelledPayload,
  TicketCheckedInPayload,
  TicketingEventName,
  WaitlistClosedPayload,
  WaitlistOfferedPayload,
} from './ticketing.events.js';
export { TICKETING_ERRORS, type TicketingErrorCode } from './ticketing.errors.js';
