import { oneLine, PRODUCT, renderMail } from '../../platform/mail/layout.js';
import type { MailMessage } from '../../platform/mail/mail.js';

/**
 * Ticketing's emails as pure functions (no I/O): the buyer's order
 * confirmation, each attendee's own ticket, the waitlist offer and the
 * cancellation notices. Rendering escapes every value.
 */

export interface EventFacts {
  title: string;
  startsAt: Date | null;
  timeZone: string;
  /** The organizer's reason for cancelling the event, when there is one. */
  cancellationReason?: string | null;
}

/** `Sat, 5 Dec 2026, 19:00 (Europe/Berlin)` in the event's own zone; `date to be announced` when undated. */
export function formatWhen(at: Date | null, timeZone: string): string {
  if (!at) return 'date to be announced';
  const text = new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(at);
  return `${text} (${timeZone})`;
}

/** `12.50 EUR` from minor units (two decimals; enough for the currencies we sell in). */
export const formatMoney = (minor: number, currency: string) =>
  `${(minor / 100).toFixed(2)} ${currency}`;

/** The organizer's reason as its own paragraph, for the mails of an event's cancellation. */
const organizerReason = (event: EventFacts) =>
  event.cancellationReason ? [`The organizer's reason: ${oneLine(event.cancellationReason)}`] : [];

const eventLine = (event: EventFacts) =>
  `"${oneLine(event.title)}", ${formatWhen(event.startsAt, event.timeZone)}`;

/** To the buyer: what was bought, and that each attendee gets their own ticket by mail. */
export function orderConfirmationMail(
  to: { email: string; name?: string },
  order: { number: string; totalMinor: number; currency: string; attendeeNames: string[] },
  event: EventFacts,
): MailMessage {
  const count = order.attendeeNames.length;
  return renderMail({
    to: to.email,
    subject: `Order ${order.number} confirmed: ${oneLine(event.title)}`,
    greetingName: to.name,
    paragraphs: [
      `Your order ${order.number} for ${eventLine(event)} is confirmed.`,
      `${count} ticket${count === 1 ? '' : 's'}, total ${formatMoney(order.totalMinor, order.currency)}.`,
      `Attendees: ${order.attendeeNames.map(oneLine).join(', ')}.`,
      'Each attendee receives their own ticket, with its QR code, at the address given for them.',
    ],
  });
}

/** To one attendee: their ticket, the QR code inline, and the link that opens it without an account. */
export function ticketMail(
  attendee: { email: string; name: string },
  ticket: { id: string; code: string; typeName: string; qrPngBase64: string; link: string },
  event: EventFacts,
): MailMessage {
  return renderMail({
    to: attendee.email,
    subject: `Your ticket: ${oneLine(event.title)}`,
    greetingName: attendee.name,
    paragraphs: [
      `Here is your ${oneLine(ticket.typeName)} ticket for ${eventLine(event)}.`,
      'Show the QR code at the entrance. It is yours alone: do not share it or this email.',
      `Ticket code: ${ticket.code}`,
    ],
    image: {
      cid: `ticket-${ticket.id}@marquee`,
      filename: 'ticket-qr.png',
      contentType: 'image/png',
      contentBase64: ticket.qrPngBase64,
      alt: 'Ticket QR code',
    },
    action: { label: 'Open your ticket', url: ticket.link },
    footer:
      'The link opens this ticket without an account; it stops working if the ticket is cancelled or reissued.',
  });
}

/** To a waiting buyer: seats are held for them until the deadline. */
export function waitlistOfferMail(
  to: { email: string; name?: string },
  offer: { quantity: number; typeName: string; expiresAt: Date; reservationId: string },
  event: EventFacts,
): MailMessage {
  return renderMail({
    to: to.email,
    subject: `Seats are free for you: ${oneLine(event.title)}`,
    greetingName: to.name,
    paragraphs: [
      `Good news from the waitlist: ${offer.quantity} ${oneLine(offer.typeName)} seat${offer.quantity === 1 ? ' is' : 's are'} held for you for ${eventLine(event)}.`,
      `Complete your order in ${PRODUCT} before ${formatWhen(offer.expiresAt, event.timeZone)}; after that the seats go to the next person in line.`,
      `Reservation: ${offer.reservationId}`,
    ],
  });
}

const REASONS: Record<string, string> = {
  event_cancelled: 'the event was cancelled',
  organizer: 'the organizer cancelled it',
  buyer: 'it was cancelled at your request',
  payment_overdue: 'payment did not arrive in time',
};

/** Why an order or ticket ended, in words; unknown reasons are named as given. */
export const reasonText = (reason: string) => REASONS[reason] ?? `reason: ${oneLine(reason)}`;

/** To the buyer of an order that ended, or an attendee whose ticket was voided. */
export function cancellationMail(
  to: { email: string; name?: string },
  what: {
    subjectOf: 'order' | 'ticket';
    /** False for an unpaid order that never had tickets. */
    hadTickets: boolean;
    orderNumber: string;
    reason: string;
    refundMinor: number;
    currency: string;
  },
  event: EventFacts,
): MailMessage {
  const isOrder = what.subjectOf === 'order';
  const cancelled = what.reason === 'event_cancelled';
  return renderMail({
    to: to.email,
    subject: cancelled
      ? `Cancelled: ${oneLine(event.title)}`
      : `Your ${isOrder ? `order ${what.orderNumber}` : 'ticket'} was cancelled: ${oneLine(event.title)}`,
    greetingName: to.name,
    paragraphs: [
      isOrder
        ? `Your order ${what.orderNumber} for ${eventLine(event)} was cancelled: ${reasonText(what.reason)}.`
        : `Your ticket for ${eventLine(event)} (order ${what.orderNumber}) was cancelled: ${reasonText(what.reason)}.`,
      ...(cancelled ? organizerReason(event) : []),
      ...(!isOrder
        ? ['The ticket and its link are no longer valid.']
        : what.hadTickets
          ? ['Its tickets are no longer valid.']
          : []),
      ...(what.refundMinor > 0
        ? [`A refund of ${formatMoney(what.refundMinor, what.currency)} has been recorded.`]
        : []),
    ],
  });
}

/** To someone on an event's waitlist when the event is cancelled: no seats will come, and an open offer ends. */
export function waitlistClosedMail(
  to: { email: string; name?: string },
  what: { hadOffer: boolean },
  event: EventFacts,
): MailMessage {
  return renderMail({
    to: to.email,
    subject: `Cancelled: ${oneLine(event.title)}`,
    greetingName: to.name,
    paragraphs: [
      `The event ${eventLine(event)} was cancelled, so your place on its waitlist has ended.`,
      ...organizerReason(event),
      what.hadOffer
        ? 'The seats held for you are released; there is nothing to pay.'
        : 'No seats will be offered for it.',
    ],
  });
}
