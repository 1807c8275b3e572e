import { Type } from 'typebox';
import { SerialId } from '../../platform/http/ids.js';
import { PaginationQuery, SortQuery } from '../../platform/http/pagination.js';

export const EventParams = Type.Object({ id: SerialId });
export const UuidParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const Iso = Type.String({ format: 'date-time' });
const Money = Type.Integer({ minimum: 0, description: 'Minor units (cents)' });

export const ReservationBody = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          ticketTypeId: SerialId,
          quantity: Type.Integer({ minimum: 1, maximum: 100 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20 },
    ),
  },
  { additionalProperties: false },
);

export const Reservation = Type.Object({
  id: Type.String({ format: 'uuid' }),
  eventId: Type.Integer(),
  status: Type.Union([
    Type.Literal('active'),
    Type.Literal('released'),
    Type.Literal('expired'),
    Type.Literal('converted'),
  ]),
  expiresAt: Iso,
  fromWaitlist: Type.Boolean(),
  items: Type.Array(
    Type.Object({
      ticketTypeId: Type.Integer(),
      name: Type.String(),
      quantity: Type.Integer(),
      unitPriceMinor: Money,
    }),
  ),
  totalMinor: Money,
  currency: Type.String(),
  createdAt: Iso,
});

export const CheckoutBody = Type.Object(
  {
    attendees: Type.Array(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 200 }),
          email: Type.String({ format: 'email', maxLength: 320 }),
          ticketTypeId: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: 2_147_483_647,
              description:
                "This attendee's ticket type. Name it for every attendee or for none: without it, seats go to attendees in the reservation's line order.",
            }),
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200 },
    ),
    paymentMethod: Type.Union([Type.Literal('free'), Type.Literal('offline')]),
  },
  { additionalProperties: false },
);

export const OrderStatusSchema = Type.Union([
  Type.Literal('pending_payment'),
  Type.Literal('confirmed'),
  Type.Literal('cancelled'),
  Type.Literal('expired'),
  Type.Literal('refunded'),
]);

export const TicketSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  ticketTypeId: Type.Integer(),
  attendeeName: Type.String(),
  attendeeEmail: Type.String(),
  status: Type.String(),
});

export const Order = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.String(),
  eventId: Type.Integer(),
  status: OrderStatusSchema,
  paymentMethod: Type.String(),
  totalMinor: Money,
  currency: Type.String(),
  lines: Type.Array(
    Type.Object({
      ticketTypeId: Type.Integer(),
      name: Type.String(),
      quantity: Type.Integer(),
      unitPriceMinor: Money,
    }),
  ),
  attendees: Type.Array(
    Type.Object({ name: Type.String(), email: Type.String(), ticketTypeId: Type.Integer() }),
  ),
  tickets: Type.Array(TicketSummary),
  paymentDueAt: Type.Union([Iso, Type.Null()]),
  paidAt: Type.Union([Iso, Type.Null()]),
  cancelledAt: Type.Union([Iso, Type.Null()]),
  refund: Type.Union([
    Type.Object({ amountMinor: Money, currency: Type.String(), status: Type.String() }),
    Type.Null(),
  ]),
  refunds: Type.Array(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      ticketId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
      amountMinor: Money,
      currency: Type.String(),
      status: Type.Union([Type.Literal('pending'), Type.Literal('completed')]),
      completedAt: Type.Union([Iso, Type.Null()]),
    }),
    { description: 'Each refund: of a cancelled ticket (`ticketId`) or of the rest of the order' },
  ),
  createdAt: Iso,
});

export const Ticket = Type.Object({
  id: Type.String({ format: 'uuid' }),
  orderId: Type.String({ format: 'uuid' }),
  eventId: Type.Integer(),
  ticketTypeId: Type.Integer(),
  attendeeName: Type.String(),
  attendeeEmail: Type.String(),
  code: Type.String({ description: 'Signed code shown as the QR image' }),
  status: Type.Union([Type.Literal('valid'), Type.Literal('cancelled')]),
  createdAt: Iso,
});

const When = Type.Optional(Type.Union([Type.Literal('upcoming'), Type.Literal('past')]));

export const MyReservationsQuery = Type.Object(
  {
    ...PaginationQuery,
    status: Type.Optional(
      Type.Union(
        [
          Type.Literal('active'),
          Type.Literal('expired'),
          Type.Literal('released'),
          Type.Literal('converted'),
        ],
        {
          description:
            'active: still holding seats; expired: lapsed (swept or not yet); released: given back; converted: became an order.',
        },
      ),
    ),
    eventId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
  },
  { additionalProperties: false },
);

export const MyOrdersQuery = Type.Object(
  { ...PaginationQuery, status: Type.Optional(OrderStatusSchema), when: When, sort: SortQuery },
  { additionalProperties: false },
);

export const MyTicketsQuery = Type.Object(
  {
    ...PaginationQuery,
    status: Type.Optional(Type.Union([Type.Literal('valid'), Type.Literal('cancelled')])),
    when: When,
    sort: SortQuery,
  },
  { additionalProperties: false },
);

export const EventOrdersQuery = Type.Object(
  {
    ...PaginationQuery,
    status: Type.Optional(OrderStatusSchema),
    q: Type.Optional(
      Type.String({ maxLength: 200, description: 'Order number, attendee name or email' }),
    ),
    sort: SortQuery,
  },
  { additionalProperties: false },
);

export const QrQuery = Type.Object(
  { format: Type.Optional(Type.Union([Type.Literal('svg'), Type.Literal('png')])) },
  { additionalProperties: false },
);

export const CheckInBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 300 }),
    occurrenceId: Type.Optional(
      Type.Integer({
        minimum: 1,
        description:
          'The occurrence (date) being admitted; required when the event has several. A ticket admits once per occurrence.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const CheckIn = Type.Object({
  checkInId: Type.String({ format: 'uuid' }),
  ticketId: Type.String({ format: 'uuid' }),
  ticketTypeId: Type.Integer(),
  attendeeName: Type.String(),
  occurrenceId: Type.Union([Type.Integer(), Type.Null()]),
  checkedInAt: Iso,
});

export const CheckInStatsQuery = Type.Object(
  { occurrenceId: Type.Optional(SerialId) },
  { additionalProperties: false },
);

export const CheckInStats = Type.Object({
  eventId: Type.Integer(),
  occurrenceId: Type.Union([Type.Integer(), Type.Null()], {
    description: 'The occurrence counted, or null for check-ins at any occurrence',
  }),
  sold: Type.Integer(),
  checkedIn: Type.Integer(),
  ticketTypes: Type.Array(
    Type.Object({
      ticketTypeId: Type.Integer(),
      name: Type.String(),
      sold: Type.Integer(),
      checkedIn: Type.Integer(),
    }),
  ),
});

export const WaitlistBody = Type.Object(
  {
    ticketTypeId: SerialId,
    quantity: Type.Integer({ minimum: 1, maximum: 100 }),
  },
  { additionalProperties: false },
);

export const WaitlistStatusSchema = Type.Union([
  Type.Literal('waiting'),
  Type.Literal('offered'),
  Type.Literal('claimed'),
  Type.Literal('expired'),
  Type.Literal('left'),
  Type.Literal('cancelled'),
]);

export const WaitlistEntry = Type.Object({
  id: Type.String({ format: 'uuid' }),
  eventId: Type.Integer(),
  ticketTypeId: Type.Integer(),
  quantity: Type.Integer(),
  status: WaitlistStatusSchema,
  ahead: Type.Integer({ description: 'Entries waiting ahead of this one (0 unless waiting)' }),
  reservationId: Type.Union([Type.String(), Type.Null()]),
  offer: Type.Union([
    Type.Object(
      {
        reservationId: Type.String({ format: 'uuid' }),
        expiresAt: Iso,
        status: Type.Union([
          Type.Literal('active'),
          Type.Literal('released'),
          Type.Literal('expired'),
          Type.Literal('converted'),
        ]),
      },
      { description: 'The reservation offered to this entry: check it out before `expiresAt`' },
    ),
    Type.Null(),
  ]),
  createdAt: Iso,
  updatedAt: Iso,
});

export const MyWaitlistQuery = Type.Object(
  {
    ...PaginationQuery,
    status: Type.Optional(WaitlistStatusSchema),
    eventId: Type.Optional(SerialId),
    sort: SortQuery,
  },
  { additionalProperties: false },
);

export const SalesSummary = Type.Object({
  eventId: Type.Integer(),
  ticketTypes: Type.Array(
    Type.Object({
      ticketTypeId: Type.Integer(),
      name: Type.String(),
      currency: Type.String(),
      capacity: Type.Integer(),
      sold: Type.Integer(),
      held: Type.Integer(),
      available: Type.Integer(),
      revenueMinor: Money,
    }),
  ),
});

export const PublicKey = Type.Object({
  algorithm: Type.Literal('Ed25519'),
  codeFormat: Type.String(),
  pem: Type.String(),
  jwk: Type.Object({ kty: Type.String(), crv: Type.String(), x: Type.String() }),
});
