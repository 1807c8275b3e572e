import { Type } from 'typebox';
import { Envelope, ok, problems } from '../../platform/http/envelope.js';
import { html, sendErrorPage, sendPage, trustedHtml } from '../../platform/http/html-page.js';
import type { App } from '../../platform/http/types.js';
import { formatWhen } from './ticket-mail.templates.js';
import { openTicketLink, reissueTicketLink, TICKET_VIEW_PATH } from './ticket-links.service.js';
import type { TicketingContext } from './ticketing.context.js';
import { caller } from './reservations.routes.js';
import { UuidParams } from './ticketing.schemas.js';

const tags = ['ticketing'];

const TokenQuery = Type.Object({
  token: Type.String({
    minLength: 1,
    maxLength: 200,
    description: "The token of a ticket's mailed link",
  }),
});

const LinkedTicket = Type.Object({
  id: Type.String({ format: 'uuid' }),
  orderNumber: Type.String(),
  eventId: Type.Integer(),
  eventTitle: Type.String(),
  eventStartsAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  eventTimeZone: Type.String(),
  ticketTypeName: Type.String(),
  attendeeName: Type.String(),
  code: Type.String(),
  status: Type.String(),
  linkExpiresAt: Type.String({ format: 'date-time' }),
});

/** The ticket a mailed link opens (no account needed), as JSON and as a page; and reissuing it. */
export function ticketLinkRoutes(app: App, ctx: TicketingContext): void {
  app.get(
    '/v1/tickets/view',
    {
      schema: {
        summary: 'The ticket a mailed link opens, without an account',
        description:
          "The link's token names one ticket and one generation of its link. 400 when the token is not a ticket link, 403 when it was altered, 410 when it expired or was revoked (the ticket was cancelled, or a newer link was sent).",
        tags,
        querystring: TokenQuery,
        response: { 200: Envelope(LinkedTicket), ...problems(400, 403, 410) },
      },
    },
    async (request, reply) => {
      const { ticket } = await openTicketLink(ctx, request.query.token);
      reply.header('cache-control', 'no-store');
      return ok(ticket);
    },
  );

  app.get(TICKET_VIEW_PATH, { schema: { hide: true } }, async (request, reply) => {
    const { token } = request.query as { token?: unknown };
    try {
      const { ticket, qrSvg } = await openTicketLink(ctx, typeof token === 'string' ? token : '');
      const when = formatWhen(
        ticket.eventStartsAt ? new Date(ticket.eventStartsAt) : null,
        ticket.eventTimeZone,
      );
      return sendPage(
        reply,
        200,
        `Ticket: ${ticket.eventTitle}`,
        html`<h1>${ticket.eventTitle}</h1>
          <p>${when}</p>
          <p>
            <strong>${ticket.attendeeName}</strong> · ${ticket.ticketTypeName} · order
            ${ticket.orderNumber}
          </p>
          ${trustedHtml(qrSvg)}
          <p class="muted">Ticket code: <code>${ticket.code}</code></p>
          <p class="muted">
            Show this QR code at the entrance. This link works until
            ${ticket.linkExpiresAt.slice(0, 10)} unless the ticket is cancelled or reissued.
          </p>`,
      );
    } catch (error) {
      return sendErrorPage(reply, error, 'This ticket link does not work');
    }
  });

  app.post(
    '/v1/tickets/:id/resend',
    {
      // Each resend mails someone: per caller too, across tickets.
      config: { auth: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        summary: 'Send a ticket to its attendee again, with a fresh code and link',
        description:
          'The buyer, or the organizer (manager and up). The ticket gets a new code (QR) and link: its earlier links stop working (410) and its earlier code no longer checks in (404). 409 for a cancelled ticket. At most once a minute per ticket, and 20 a minute per caller (429 with Retry-After).',
        tags,
        params: UuidParams,
        response: {
          200: Envelope(
            Type.Object({
              ticketId: Type.String({ format: 'uuid' }),
              linkGeneration: Type.Integer(),
            }),
          ),
          ...problems(400, 401, 404, 409, 429),
        },
      },
    },
    async (request) => ok(await reissueTicketLink(ctx, caller(request), request.params.id)),
  );
}
