import { Type, type Static } from 'typebox';
import { EventId } from '../../catalog/index.js';
import { MAX_CHAT_TEXT } from './chat.rules.js';

const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.String({ format: 'date-time' });

export const ChatParams = Type.Object({ id: EventId });
export const ChatMessageParams = Type.Object({ id: EventId, messageId: Uuid });
export const ChatUserParams = Type.Object({ id: EventId, userId: Uuid });

const ChatTextField = Type.String({
  minLength: 1,
  maxLength: MAX_CHAT_TEXT,
  description: `Plain text (never HTML), 1..${MAX_CHAT_TEXT} characters; stored trimmed, otherwise as given.`,
});

export const ChatTextBody = Type.Object({ text: ChatTextField }, { additionalProperties: false });

export const ChatHistoryQuery = Type.Object(
  {
    before: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: "A previous page's `meta.nextCursor`: the messages older than it.",
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false },
);

export const ChatMessage = Type.Object(
  {
    id: Uuid,
    eventId: Type.Integer(),
    kind: Type.Union([Type.Literal('message'), Type.Literal('announcement')], {
      description: 'An announcement is an organizer broadcast, posted by pinning it.',
    }),
    author: Type.Object({
      id: Uuid,
      name: Type.Union([Type.String(), Type.Null()], {
        description: 'Null once the account is gone',
      }),
      role: Type.Union(
        [Type.Literal('attendee'), Type.Literal('organizer'), Type.Literal('moderator')],
        { description: 'What the author was in this chat when posting' },
      ),
    }),
    text: Type.Union([Type.String(), Type.Null()], {
      description: 'Plain text; null when the message was deleted (a tombstone).',
    }),
    createdAt: Instant,
    editedAt: Type.Union([Instant, Type.Null()]),
    deletedAt: Type.Union([Instant, Type.Null()]),
    deletedBy: Type.Union([Type.Literal('author'), Type.Literal('moderation'), Type.Null()]),
  },
  { additionalProperties: false },
);
export type ChatMessageView = Static<typeof ChatMessage>;

/** A history page: newest first, `nextCursor` names the older page (null at the start). */
export const ChatHistory = Type.Object({
  success: Type.Literal(true),
  data: Type.Array(ChatMessage),
  meta: Type.Object({
    limit: Type.Integer({ minimum: 1 }),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  }),
});

export const MuteBody = Type.Object(
  {
    until: Type.Optional(
      Type.Union([Instant, Type.Null()], {
        description:
          'When the mute ends; absent or null: until lifted. A past instant mutes nobody.',
      }),
    ),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const ChatMute = Type.Object({
  eventId: Type.Integer(),
  userId: Uuid,
  userName: Type.Union([Type.String(), Type.Null()]),
  until: Type.Union([Instant, Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  mutedBy: Uuid,
  mutedAt: Instant,
  active: Type.Boolean({ description: 'Whether the mute holds now' }),
});
export type ChatMuteView = Static<typeof ChatMute>;

export const PinBody = Type.Object(
  {
    messageId: Type.Optional(Uuid),
    text: Type.Optional(ChatTextField),
  },
  {
    additionalProperties: false,
    description:
      'Either `messageId` (pin a message of this chat) or `text` (post an announcement and pin it).',
  },
);

export const ChatPin = Type.Object({
  eventId: Type.Integer(),
  message: ChatMessage,
  pinnedBy: Uuid,
  pinnedAt: Instant,
});
export type ChatPinView = Static<typeof ChatPin>;
