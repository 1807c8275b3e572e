import { Type, type Static } from 'typebox';

const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);
export const Slug = Type.String({
  pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$',
  minLength: 1,
  maxLength: 60,
});
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' });
const Tag = Type.String({ minLength: 1, maxLength: 40 });
const Url = Type.String({ format: 'uri', maxLength: 2000, pattern: '^https?://' });
export const EventStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('published'),
  Type.Literal('cancelled'),
  Type.Literal('completed'),
]);
const Visibility = Type.Union([Type.Literal('public'), Type.Literal('unlisted')]);

export const Occurrence = Type.Object({
  id: Type.Integer(),
  startsAt: DateTime,
  endsAt: DateTime,
  venueName: Type.String(),
  address: Type.String(),
  city: Type.String(),
  country: Type.Union([Type.String(), Type.Null()]),
  latitude: Type.Union([Type.Number(), Type.Null()]),
  longitude: Type.Union([Type.Number(), Type.Null()]),
  onlineUrl: Type.Union([Type.String(), Type.Null()]),
});

export const TicketType = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  priceMinor: Type.Integer(),
  currency: Type.String(),
  capacity: Type.Integer(),
  sold: Type.Integer(),
  held: Type.Integer(),
  available: Type.Integer(),
  salesStart: NullableDateTime,
  salesEnd: NullableDateTime,
  minPerOrder: Type.Integer(),
  maxPerOrder: Type.Integer(),
});

export const Event = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  category: Type.String(),
  tags: Type.Array(Type.String()),
  image: Type.Union([Type.String(), Type.Null()]),
  organizer: Type.Object({ id: Type.String(), name: Type.String() }),
  status: EventStatus,
  visibility: Visibility,
  timeZone: Type.String(),
  startsAt: NullableDateTime,
  endsAt: NullableDateTime,
  priceFrom: Type.Union([
    Type.Object({ priceMinor: Type.Integer(), currency: Type.String() }),
    Type.Null(),
  ]),
  available: Type.Integer({ description: 'Tickets left over all ticket types' }),
  occurrences: Type.Array(Occurrence),
  ticketTypes: Type.Array(TicketType),
  templateId: Type.Union([Type.Integer(), Type.Null()]),
  version: Type.Integer({ description: 'Increases with every change by the organizer' }),
  createdAt: DateTime,
  updatedAt: DateTime,
  publishedAt: NullableDateTime,
  cancelledAt: NullableDateTime,
  cancellationReason: Type.Union([Type.String(), Type.Null()], {
    description: 'Why the organizer cancelled the event, when they said',
  }),
});
export type EventView = Static<typeof Event>;

const occurrenceFields = {
  startsAt: DateTime,
  endsAt: Type.Optional(DateTime),
  venueName: Type.Optional(Type.String({ maxLength: 200 })),
  address: Type.Optional(Type.String({ maxLength: 300 })),
  city: Type.Optional(Type.String({ maxLength: 100 })),
  country: Type.Optional(Type.Union([Type.String({ pattern: '^[A-Z]{2}$' }), Type.Null()])),
  latitude: Type.Optional(Type.Union([Type.Number({ minimum: -90, maximum: 90 }), Type.Null()])),
  longitude: Type.Optional(Type.Union([Type.Number({ minimum: -180, maximum: 180 }), Type.Null()])),
  onlineUrl: Type.Optional(Type.Union([Url, Type.Null()])),
};
export const OccurrenceInput = Type.Object(
  { id: Type.Optional(Type.Integer({ minimum: 1 })), ...occurrenceFields },
  { additionalProperties: false },
);
export type OccurrenceInput = Static<typeof OccurrenceInput>;
export const OccurrencePatch = Type.Partial(Type.Object(occurrenceFields), {
  additionalProperties: false,
});
export type OccurrencePatch = Static<typeof OccurrencePatch>;

const ticketTypeFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  priceMinor: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
  currency: Currency,
  capacity: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
  salesStart: Type.Optional(NullableDateTime),
  salesEnd: Type.Optional(NullableDateTime),
  minPerOrder: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  maxPerOrder: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
};
export const TicketTypeInput = Type.Object(
  { id: Type.Optional(Type.Integer({ minimum: 1 })), ...ticketTypeFields },
  { additionalProperties: false },
);
export type TicketTypeInput = Static<typeof TicketTypeInput>;
export const TicketTypePatch = Type.Partial(Type.Object(ticketTypeFields), {
  additionalProperties: false,
});
export type TicketTypePatch = Static<typeof TicketTypePatch>;

const eventFields = {
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.String({ maxLength: 20_000 }),
  category: Slug,
  tags: Type.Array(Tag, { maxItems: 20 }),
  image: Type.Union([Url, Type.Null()]),
  visibility: Visibility,
  timeZone: Type.String({ minLength: 1, maxLength: 64 }),
  occurrences: Type.Array(OccurrenceInput, { maxItems: 500 }),
  ticketTypes: Type.Array(TicketTypeInput, { maxItems: 50 }),
};

/** PUT: every field of the event; listed occurrences/ticket types replace the current ones. */
export const EventReplace = Type.Object(
  {
    ...eventFields,
    occurrences: Type.Optional(eventFields.occurrences),
    ticketTypes: Type.Optional(eventFields.ticketTypes),
    description: Type.Optional(eventFields.description),
    tags: Type.Optional(eventFields.tags),
    image: Type.Optional(eventFields.image),
    visibility: Type.Optional(eventFields.visibility),
  },
  { additionalProperties: false },
);
export type EventReplace = Static<typeof EventReplace>;

export const EventPatch = Type.Partial(Type.Object(eventFields), { additionalProperties: false });
export type EventPatch = Static<typeof EventPatch>;

/** POST: a draft; with `templateId` every omitted field comes from the template. */
export const EventCreate = Type.Object(
  {
    organizerId: Type.String({ format: 'uuid' }),
    templateId: Type.Optional(Type.Integer({ minimum: 1 })),
    ...Type.Partial(Type.Object(eventFields)).properties,
  },
  { additionalProperties: false },
);
export type EventCreate = Static<typeof EventCreate>;

/** A row id in a URL: a positive PostgreSQL int4. */
const RowId = Type.Integer({ minimum: 1, maximum: 2147483647 });
/** An event's id in a URL, for every module's routes on an event. */
export const EventId = RowId;
export const EventIdParams = Type.Object({ id: EventId });
export const OccurrenceParams = Type.Object({ ...EventIdParams.properties, occurrenceId: RowId });
export const TicketTypeParams = Type.Object({ ...EventIdParams.properties, ticketTypeId: RowId });
