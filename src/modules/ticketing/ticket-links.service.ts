import { eq, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { Executor, Tx } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { buildLink } from '../../platform/mail/layout.js';
import type { Principal } from '../../platform/http/principal.js';
import { orderFor } from './orders.service.js';
import type { EventFacts } from './ticket-mail.templates.js';
import { ticketMail } from './ticket-mail.templates.js';
import { createTicketCode } from './ticket-codes.js';
import {
  checkTicketLink,
  signTicketLink,
  ticketLinkExpiry,
  ticketLinkKey,
} from './ticket-links.js';
import type { TicketingContext } from './ticketing.context.js';
import { orders, tickets } from './ticketing.tables.js';
import { TICKETING_ERRORS } from './ticketing.errors.js';

type TicketRow = typeof tickets.$inferSelect;

/** Where a ticket link opens: the HTML view; `/v1/tickets/view` answers the same as JSON. */
export const TICKET_VIEW_PATH = '/tickets/view';

const keys = new WeakMap<TicketingContext['signer'], Buffer>();
const linkKey = (ctx: TicketingContext) => {
  let key = keys.get(ctx.signer);
  if (!key) keys.set(ctx.signer, (key = ticketLinkKey(ctx.signer.privateKey)));
  return key;
};

/** The event facts a ticketing mail or page shows. */
export async function eventFacts(
  ctx: TicketingContext,
  db: Executor,
  eventId: number,
): Promise<EventFacts & { ticketTypeNames: Map<number, string>; endsAt: Date | null }> {
  const event = await ctx.catalog.getEventForSale(db, eventId);
  return {
    title: event?.title ?? `Event ${eventId}`,
    startsAt: event?.firstStartsAt ?? null,
    endsAt: event?.lastEndsAt ?? null,
    timeZone: event?.timeZone ?? 'UTC',
    cancellationReason: event?.cancelReason ?? null,
    ticketTypeNames: new Map((event?.ticketTypes ?? []).map((t) => [t.id, t.name])),
  };
}

/** The link that opens this generation of the ticket without an account. */
export function ticketLink(ctx: TicketingContext, ticket: TicketRow, eventEndsAt: Date | null) {
  const token = signTicketLink(linkKey(ctx), {
    ticketId: ticket.id,
    generation: ticket.linkGeneration,
    expiresAt: ticketLinkExpiry(eventEndsAt),
  });
  return buildLink(ctx.platform.config.publicBaseUrl, TICKET_VIEW_PATH, { token });
}

/** Queues each ticket's own mail (QR inline, personal link) to its attendee, once per `key`. */
export async function mailTickets(
  ctx: TicketingContext,
  tx: Tx,
  rows: TicketRow[],
  key: string,
): Promise<void> {
  if (rows.length === 0) return;
  const facts = await eventFacts(ctx, tx, rows[0]!.eventId);
  for (const ticket of rows) {
    const qr = await QRCode.toBuffer(ticket.code, {
      errorCorrectionLevel: 'M',
      margin: 2,
      width: 320,
    });
    const message = ticketMail(
      { email: ticket.attendeeEmail, name: ticket.attendeeName },
      {
        id: ticket.id,
        code: ticket.code,
        typeName: facts.ticketTypeNames.get(ticket.ticketTypeId) ?? 'Admission',
        qrPngBase64: qr.toString('base64'),
        link: ticketLink(ctx, ticket, facts.endsAt),
      },
      facts,
    );
    await ctx.platform.mail.enqueue(tx, message, {
      key: `${key}:${ticket.id}:${ticket.linkGeneration}`,
    });
  }
}

const linkProblem = {
  malformed: () =>
    new AppError(
      TICKETING_ERRORS.ticketLinkMalformed,
      400,
      'This is not a ticket link: check that it was copied whole.',
    ),
  tampered: () =>
    new AppError(
      TICKETING_ERRORS.ticketLinkInvalid,
      403,
      'This ticket link was altered or was not issued by us.',
    ),
  expired: () =>
    new AppError(TICKETING_ERRORS.ticketLinkExpired, 410, 'This ticket link has expired.'),
  revoked: () =>
    new AppError(
      TICKETING_ERRORS.ticketLinkRevoked,
      410,
      'This ticket link no longer works: the ticket was cancelled or a newer link was sent.',
    ),
};

/** What a ticket link opens: the ticket, its event, and its QR code as SVG. */
export async function openTicketLink(ctx: TicketingContext, token: string) {
  const check = checkTicketLink(linkKey(ctx), token);
  if (!check.ok) throw linkProblem[check.reason]();
  const { db } = ctx.platform.database;
  const [row] = await db
    .select({ ticket: tickets, orderNumber: orders.number })
    .from(tickets)
    .innerJoin(orders, eq(orders.id, tickets.orderId))
    .where(eq(tickets.id, check.ticketId));
  if (!row || row.ticket.status !== 'valid' || row.ticket.linkGeneration !== check.generation)
    throw linkProblem.revoked();
  const { ticket } = row;
  const facts = await eventFacts(ctx, db, ticket.eventId);
  return {
    ticket: {
      id: ticket.id,
      orderNumber: row.orderNumber,
      eventId: ticket.eventId,
      eventTitle: facts.title,
      eventStartsAt: facts.startsAt?.toISOString() ?? null,
      eventTimeZone: facts.timeZone,
      ticketTypeName: facts.ticketTypeNames.get(ticket.ticketTypeId) ?? 'Admission',
      attendeeName: ticket.attendeeName,
      code: ticket.code,
      status: ticket.status,
      linkExpiresAt: check.expiresAt.toISOString(),
    },
    qrSvg: await QRCode.toString(ticket.code, {
      type: 'svg',
      errorCorrectionLevel: 'M',
      margin: 2,
    }),
  };
}

/** At most one resend of a ticket per this many seconds: each one mails its attendee. */
export const RESEND_INTERVAL_SECONDS = 60;

/**
 * Seconds until the ticket may be resent (0: now). A valid ticket's row only
 * changes when its link is reissued, so `updatedAt` of a reissued one
 * (generation above 0) is the time of its last resend.
 */
function resendWaitSeconds(ticket: TicketRow, now: number): number {
  if (ticket.linkGeneration === 0) return 0;
  const elapsed = (now - ticket.updatedAt.getTime()) / 1000;
  return elapsed >= RESEND_INTERVAL_SECONDS ? 0 : Math.ceil(RESEND_INTERVAL_SECONDS - elapsed);
}

/**
 * The buyer (or the event's managers) sends a ticket to its attendee again
 * with a fresh link and a fresh code (QR): every earlier link and code of
 * that ticket stops working.
 * At most once a minute per ticket (429 with Retry-After).
 */
export async function reissueTicketLink(
  ctx: TicketingContext,
  principal: Principal,
  ticketId: string,
): Promise<{ ticketId: string; linkGeneration: number }> {
  return ctx.platform.database.transaction(async (tx) => {
    // Locked: concurrent resends of one ticket queue here, so the interval check holds.
    const [current] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
    if (!current) throw notFound('Ticket', TICKETING_ERRORS.ticketNotFound);
    await orderFor(ctx, tx, principal, current.orderId, { teamRole: 'manager' }).catch(
      (error: unknown) => {
        throw error instanceof AppError && error.status === 404
          ? notFound('Ticket', TICKETING_ERRORS.ticketNotFound)
          : error;
      },
    );
    if (current.status !== 'valid')
      throw new AppError(
        TICKETING_ERRORS.ticketCancelled,
        409,
        'This ticket is cancelled: there is nothing to send.',
        {
          ticketId,
        },
      );
    const wait = resendWaitSeconds(current, Date.now());
    if (wait > 0)
      throw new AppError(
        TICKETING_ERRORS.ticketResendTooSoon,
        429,
        `This ticket was just sent again; wait ${wait} seconds before resending it.`,
        { ticketId, retryAfterSeconds: wait },
      );
    const [ticket] = await tx
      .update(tickets)
      // A fresh code too: a leaked earlier mail gets in neither by its link nor at the door.
      .set({
        linkGeneration: sql`${tickets.linkGeneration} + 1`,
        code: createTicketCode(ctx.signer, current.eventId),
        updatedAt: new Date(),
      })
      .where(eq(tickets.id, ticketId))
      .returning();
    await mailTickets(ctx, tx, [ticket!], 'ticketing.ticket-reissued');
    return { ticketId, linkGeneration: ticket!.linkGeneration };
  });
}
