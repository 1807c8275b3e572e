import { Type } from 'typebox';
import { Envelope, ok, problems } from '../../platform/http/envelope.js';
import type { App } from '../../platform/http/types.js';
import { completeRefund } from './refunds.service.js';
import { caller } from './reservations.routes.js';
import type { TicketingContext } from './ticketing.context.js';
import { Order, UuidParams } from './ticketing.schemas.js';

/** Optional, like the cancel routes' bodies: no body at all means `{}`. */
const CompleteRefundBody = Type.Union([
  Type.Object(
    {
      reference: Type.Optional(
        Type.String({
          maxLength: 200,
          description: 'How the money went back (bank transfer id, receipt number)',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  Type.Null(),
]);

export function refundRoutes(app: App, ctx: TicketingContext): void {
  app.post(
    '/v1/refunds/:id/complete',
    {
      config: { auth: true },
      schema: {
        summary:
          'Record that a refund was paid back (organizer manager and up); no body, `{}` or `{ "reference": ... }`',
        description:
          "For refunds the payment method cannot give back by itself (offline payments); the order's refunds are listed in `refunds` of the order. Answers the order.",
        tags: ['ticketing'],
        params: UuidParams,
        body: CompleteRefundBody,
        response: { 200: Envelope(Order), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      ok(await completeRefund(ctx, caller(request), request.params.id, request.body ?? {})),
  );
}
