import { Type, type Static } from 'typebox';

/** Tickest's error and confirmation body. */
export const Message = Type.Object({ message: Type.String() });

/**
 * Response schemas for the error statuses a Tickest route answers, all
 * `{message}`; 429 and 500 always, so the platform's problem+json defaults
 * never document (or serialize) these routes' errors.
 */
export const messages = (...statuses: number[]) =>
  Object.fromEntries([...statuses, 429, 500].map((status) => [status, Message]));

export const TickestEvent = Type.Object({
  _id: Type.String({ description: '24-hex id derived from eventId' }),
  eventId: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  category: Type.String(),
  image: Type.String({ description: 'Absolute URL' }),
  schedule: Type.Array(
    Type.Object({
      date: Type.String({ description: 'YYYY-MM-DD in the event time zone' }),
      location: Type.String(),
      lat: Type.Optional(Type.Number()),
      lng: Type.Optional(Type.Number()),
    }),
  ),
  ticketTypes: Type.Array(
    Type.Object({
      type: Type.String(),
      price: Type.Integer({ description: 'Whole currency units' }),
      availableTickets: Type.Integer(),
    }),
  ),
  favorited: Type.Boolean(),
  organizer: Type.String(),
  tags: Type.Array(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  __v: Type.Integer(),
});

/** Every list parameter of Tickest's GET /api/events, as strings: the adapter parses them. */
export const ListQuery = Type.Object(
  Object.fromEntries(
    [
      'search',
      'city',
      'category',
      'dateFrom',
      'dateTo',
      'availableOnly',
      'upcoming',
      'minPrice',
      'maxPrice',
      'sortBy',
      'sortOrder',
      'page',
      'limit',
    ].map((name) => [name, Type.Optional(Type.String({ maxLength: 200 }))]),
  ),
);

export const EventIdParams = Type.Object({ eventId: Type.String({ maxLength: 40 }) });
export const IndexParams = Type.Object({
  eventId: Type.String({ maxLength: 40 }),
  index: Type.String({ maxLength: 40 }),
});

const ScheduleEntry = Type.Object(
  {
    date: Type.String({ minLength: 1, maxLength: 40 }),
    location: Type.String({ minLength: 1, maxLength: 200 }),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  },
  { additionalProperties: false },
);
const TicketTypeEntry = Type.Object(
  {
    type: Type.String({ minLength: 1, maxLength: 100 }),
    price: Type.Number({ minimum: 0, maximum: 1_000_000 }),
    availableTickets: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
  },
  { additionalProperties: false },
);

/** A full Tickest event body (POST and PUT). Server-owned fields are ignored like Mongoose did. */
export const EventBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 20_000 })),
  category: Type.String({ minLength: 1, maxLength: 60 }),
  image: Type.Optional(Type.String({ maxLength: 2000 })),
  schedule: Type.Array(ScheduleEntry, { minItems: 1, maxItems: 500 }),
  ticketTypes: Type.Array(TicketTypeEntry, { minItems: 1, maxItems: 50 }),
  organizer: Type.String({ minLength: 1, maxLength: 200 }),
  tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20 })),
});
export type EventBody = Static<typeof EventBody>;

export const TicketTypePatch = Type.Partial(TicketTypeEntry, { additionalProperties: false });
export const SchedulePatch = Type.Partial(ScheduleEntry, { additionalProperties: false });

/**
 * The string branch comes first: with type coercion on, an integer branch first
 * would turn the string "000000000000000000000031" (an `_id`) into the number 31.
 */
export const FavoriteBody = Type.Object({
  eventId: Type.Union([Type.String({ maxLength: 40 }), Type.Integer()]),
});

export const CategoryList = Type.Array(Type.String({ maxLength: 60 }), { maxItems: 50 });

export const TickestUser = Type.Object({
  _id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  about: Type.String(),
  createdAt: Type.Optional(Type.String()),
  updatedAt: Type.Optional(Type.String()),
});
export type TickestUser = Static<typeof TickestUser>;

/** A user as others see them: the email only for the user themselves and admins. */
export const TickestUserView = Type.Object({
  ...TickestUser.properties,
  email: Type.Optional(Type.String()),
});

export const LoginBody = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 320 })),
  email: Type.Optional(Type.String({ maxLength: 320 })),
  password: Type.String({ minLength: 1, maxLength: 1000 }),
});

export const LoginResponse = Type.Object({
  ...TickestUser.properties,
  message: Type.String(),
  user: TickestUser,
  accessToken: Type.String({ description: 'Bearer token for favourites and other writes' }),
});

export const RegisterBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  email: Type.String({ minLength: 3, maxLength: 320 }),
  password: Type.String({ minLength: 1, maxLength: 1000 }),
  about: Type.Optional(Type.String({ maxLength: 2000 })),
});

export const UserUpdateBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  email: Type.Optional(
    Type.String({
      minLength: 3,
      maxLength: 320,
      description:
        'A different address is not applied at once: it is mailed a confirmation link, and the user takes it once that link is used.',
    }),
  ),
  about: Type.Optional(Type.String({ maxLength: 2000 })),
  password: Type.Optional(Type.String({ maxLength: 1000 })),
});

export const UserIdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
