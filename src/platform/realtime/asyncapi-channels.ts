/**
 * What the AsyncAPI document says about each channel the modules define: who
 * may subscribe, what it carries, which commands it takes. The gateway knows
 * no business rule, so this is written by hand beside it; the document lists
 * only the channels the running app defined, and a test fails when a defined
 * channel has no entry here.
 */

export type JsonSchema = Record<string, unknown>;

export const str = (description: string, extra: JsonSchema = {}): JsonSchema => ({
  type: 'string',
  description,
  ...extra,
});
export const int = (description: string, extra: JsonSchema = {}): JsonSchema => ({
  type: 'integer',
  description,
  ...extra,
});
/** An object whose listed properties are required, and which may grow more. */
export const obj = (
  properties: Record<string, JsonSchema>,
  required: string[] = Object.keys(properties),
  description?: string,
): JsonSchema => ({
  type: 'object',
  ...(description ? { description } : {}),
  properties,
  required,
});

/** A message a channel sends: its `type`, and what its `data` holds. */
export interface ChannelMessageDoc {
  type: string;
  summary: string;
  data: JsonSchema;
}

/** A client command on a channel, answered by `ok` (or `error`). */
export interface ChannelCommandDoc {
  type: string;
  summary: string;
  data: JsonSchema;
  /** What the `ok` reply's `data` holds. */
  result: JsonSchema;
}

export interface ChannelDoc {
  /** The key in the document's `channels` (letters only). */
  id: string;
  /** Exactly the pattern the owning module passes to `defineChannel`. */
  pattern: string;
  /** `{param}` segments of the pattern. */
  parameters: Record<string, string>;
  kind: 'stream' | 'state';
  isPublic: boolean;
  owner: string;
  description: string;
  messages: ChannelMessageDoc[];
  commands?: ChannelCommandDoc[];
}

const uuid = (description: string) => str(description, { format: 'uuid' });
const at = str('When it happened (ISO 8601, UTC).', { format: 'date-time' });
const money = obj({
  amountMinor: int('Integer minor units (cents).'),
  currency: str('ISO 4217 code.', { pattern: '^[A-Z]{3}$' }),
});
/** Facts whose fields the owning module adds to: only the ids are promised. */
const facts = (description: string, properties: Record<string, JsonSchema>): JsonSchema => ({
  ...obj(properties, [], description),
  additionalProperties: true,
});

const totals = facts('Running totals of the event, after this change.', {
  ticketsSold: int('Tickets sold and not cancelled.'),
  revenue: { type: 'array', description: 'Revenue per currency.', items: money },
  checkedIn: int('Tickets checked in so far.'),
});

export const CHANNEL_DOCS: readonly ChannelDoc[] = [
  {
    id: 'availability',
    pattern: 'event:{id}:availability',
    parameters: { id: 'The event id (an integer).' },
    kind: 'state',
    isPublic: true,
    owner: 'ticketing',
    description:
      'Seats left per ticket type of one event, pushed within milliseconds of the commit that changed them (holds, expiries, checkouts, cancellations, capacity edits). Bursts are coalesced: the first change goes out at once, then at most one message per REALTIME_COALESCE_MS, always ending with the latest state. Anyone may watch a public (published, listed or unlisted) event; its organizer team may watch its drafts. Each message is the whole state: a subscription (or a resume) starts with the current one.',
    messages: [
      {
        type: 'availability',
        summary: 'The current numbers of every ticket type of the event.',
        data: facts('The whole current state.', {
          eventId: int('The event.'),
          eventStatus: str("The event's status: a cancelled or completed event sells nothing.", {
            enum: ['draft', 'published', 'cancelled', 'completed'],
          }),
          onSale: { type: 'boolean', description: 'Whether tickets can be bought at all.' },
          ticketTypes: {
            type: 'array',
            items: facts('One ticket type.', {
              id: int('The ticket type.'),
              name: str('Its name.'),
              capacity: int('Seats in total.'),
              sold: int('Seats sold.'),
              held: int('Seats held by reservations.'),
              available: int('Seats left to buy.'),
              status: str('low: at most max(5, 10% of capacity) left; sold_out: none.', {
                enum: ['available', 'low', 'sold_out'],
              }),
            }),
          },
          at,
        }),
      },
    ],
  },
  {
    id: 'organizer',
    pattern: 'organizer:{id}',
    parameters: { id: 'The organizer profile id (a UUID).' },
    kind: 'stream',
    isPublic: false,
    owner: 'identity (who may read), ticketing (what is sent)',
    description:
      "Live sales and check-ins for an organizer's team: members with the staff role or above, and administrators.",
    messages: [
      { type: 'order.confirmed', summary: 'An order of one of its events was confirmed.' },
      { type: 'order.cancelled', summary: 'An order was cancelled.' },
      { type: 'ticket.cancelled', summary: 'A ticket was cancelled.' },
      { type: 'checkin', summary: 'A ticket was checked in.' },
    ].map((m) => ({
      ...m,
      data: facts('What happened, with the running totals of the event.', {
        eventId: int('The event.'),
        totals,
        occurredAt: at,
      }),
    })),
  },
  {
    id: 'user',
    pattern: 'user',
    parameters: {},
    kind: 'stream',
    isPublic: false,
    owner: 'identity (who may read); any module may publish',
    description:
      "The signed-in user's own stream (subscribe to `user`; it is the caller's, nobody can name another's): their orders and waitlist offers, and the notifications to come.",
    messages: [
      {
        type: 'order.confirmed',
        summary: 'One of your orders was confirmed.',
        data: facts('The order.', { orderId: uuid('The order.'), eventId: int('Its event.') }),
      },
      {
        type: 'order.cancelled',
        summary: 'One of your orders was cancelled.',
        data: facts('The order.', { orderId: uuid('The order.'), eventId: int('Its event.') }),
      },
      {
        type: 'waitlist.offered',
        summary: 'Seats you waited for are held for you: buy them before the hold expires.',
        data: facts('The offer.', {
          eventId: int('The event.'),
          expiresAt: str('When the held seats go back.', { format: 'date-time' }),
        }),
      },
    ],
  },
  {
    id: 'chat',
    pattern: 'event:{id}:chat',
    parameters: { id: 'The event id (an integer).' },
    kind: 'stream',
    isPublic: false,
    owner: 'community',
    description:
      "The event's chat: its ticket holders, the organizer's team and moderators may read and post; everyone else is refused. History is over REST (`GET /v1/events/{id}/chat/messages`); the channel carries what changes. Text is plain and never HTML.",
    messages: [
      { type: 'chat.message', summary: 'A message was posted.' },
      { type: 'chat.edited', summary: 'A message was edited by its author.' },
      { type: 'chat.deleted', summary: 'A message was deleted.' },
      { type: 'chat.pinned', summary: 'An announcement was pinned.' },
      { type: 'chat.unpinned', summary: 'The pinned announcement was removed.' },
    ].map((m) => ({
      ...m,
      data: facts('The chat message concerned.', { id: str('The chat message.') }),
    })),
    commands: [
      {
        type: 'chat.send',
        summary: 'Posts a message, as `POST /v1/events/{id}/chat/messages` does.',
        data: obj({ text: str('Plain text, 1 to 2000 characters.', { minLength: 1 }) }),
        result: facts('The stored message.', { id: str('The chat message.') }),
      },
    ],
  },
];
