/**
 * Every error code ticketing answers with (`code` in the error body). Code
 * strings appear nowhere else in the module's source; use these names.
 */
export const TICKETING_ERRORS = {
  alreadyCheckedIn: 'TICKETING.ALREADY_CHECKED_IN',
  alreadyOnWaitlist: 'TICKETING.ALREADY_ON_WAITLIST',
  attendeeTicketTypesMismatch: 'TICKETING.ATTENDEE_TICKET_TYPES_MISMATCH',
  cancellationClosed: 'TICKETING.CANCELLATION_CLOSED',
  checkinNotFound: 'TICKETING.CHECKIN_NOT_FOUND',
  checkinUndoExpired: 'TICKETING.CHECKIN_UNDO_EXPIRED',
  eventNotOnSale: 'TICKETING.EVENT_NOT_ON_SALE',
  notSoldOut: 'TICKETING.NOT_SOLD_OUT',
  orderNotCancellable: 'TICKETING.ORDER_NOT_CANCELLABLE',
  orderNotFound: 'TICKETING.ORDER_NOT_FOUND',
  orderNotPending: 'TICKETING.ORDER_NOT_PENDING',
  paymentMethodNotAllowed: 'TICKETING.PAYMENT_METHOD_NOT_ALLOWED',
  quantityNotAllowed: 'TICKETING.QUANTITY_NOT_ALLOWED',
  refundAlreadyCompleted: 'TICKETING.REFUND_ALREADY_COMPLETED',
  refundNotFound: 'TICKETING.REFUND_NOT_FOUND',
  reservationCheckedOut: 'TICKETING.RESERVATION_CHECKED_OUT',
  reservationExpired: 'TICKETING.RESERVATION_EXPIRED',
  reservationNotFound: 'TICKETING.RESERVATION_NOT_FOUND',
  salesEnded: 'TICKETING.SALES_ENDED',
  salesNotStarted: 'TICKETING.SALES_NOT_STARTED',
  soldOut: 'TICKETING.SOLD_OUT',
  ticketCancelled: 'TICKETING.TICKET_CANCELLED',
  ticketForOtherEvent: 'TICKETING.TICKET_FOR_OTHER_EVENT',
  ticketLinkExpired: 'TICKETING.TICKET_LINK_EXPIRED',
  ticketLinkInvalid: 'TICKETING.TICKET_LINK_INVALID',
  ticketLinkMalformed: 'TICKETING.TICKET_LINK_MALFORMED',
  ticketLinkRevoked: 'TICKETING.TICKET_LINK_REVOKED',
  ticketNotCancellable: 'TICKETING.TICKET_NOT_CANCELLABLE',
  ticketNotFound: 'TICKETING.TICKET_NOT_FOUND',
  ticketResendTooSoon: 'TICKETING.TICKET_RESEND_TOO_SOON',
  tooManyStreams: 'TICKETING.TOO_MANY_STREAMS',
  userLimitReached: 'TICKETING.USER_LIMIT_REACHED',
  waitlistEntryNotFound: 'TICKETING.WAITLIST_ENTRY_NOT_FOUND',
} as const;

export type TicketingErrorCode = (typeof TICKETING_ERRORS)[keyof typeof TICKETING_ERRORS];
