import { AppError, forbidden, notFound } from '../../platform/http/errors.js';

/** Every error code community answers with (the `code` of its problem documents). */
export const COMMUNITY_ERRORS = {
  tooManyFavorites: 'COMMUNITY.TOO_MANY_FAVORITES',
  /** Neither a ticket holder of the event nor its organizer's team nor a moderator. */
  chatForbidden: 'COMMUNITY.CHAT_FORBIDDEN',
  chatMuted: 'COMMUNITY.CHAT_MUTED',
  chatRateLimited: 'COMMUNITY.CHAT_RATE_LIMITED',
  chatEditWindowPassed: 'COMMUNITY.CHAT_EDIT_WINDOW_PASSED',
  chatNotAuthor: 'COMMUNITY.CHAT_NOT_AUTHOR',
  chatModeratorsOnly: 'COMMUNITY.CHAT_MODERATORS_ONLY',
  chatMessageNotFound: 'COMMUNITY.CHAT_MESSAGE_NOT_FOUND',
  chatMessageDeleted: 'COMMUNITY.CHAT_MESSAGE_DELETED',
  chatUserNotFound: 'COMMUNITY.CHAT_USER_NOT_FOUND',
} as const;

export type CommunityErrorCode = (typeof COMMUNITY_ERRORS)[keyof typeof COMMUNITY_ERRORS];

export const chatForbidden = () =>
  forbidden(
    "Only the event's ticket holders, its organizer's team and moderators may use its chat.",
    COMMUNITY_ERRORS.chatForbidden,
  );

export const chatMuted = (until: Date | null) =>
  new AppError(
    COMMUNITY_ERRORS.chatMuted,
    403,
    until
      ? `You are muted in this chat until ${until.toISOString()}; you can still read it.`
      : 'You are muted in this chat; you can still read it.',
    { until: until?.toISOString() ?? null },
  );

/** Over the posting limit; the error handler turns `retryAfterSeconds` into Retry-After. */
export const chatRateLimited = (max: number, windowSeconds: number, retryAfterSeconds: number) =>
  new AppError(
    COMMUNITY_ERRORS.chatRateLimited,
    429,
    `You may post ${max} messages per ${windowSeconds} s in this chat; retry in ${retryAfterSeconds} s.`,
    { retryAfterSeconds },
  );

export const chatEditWindowPassed = (windowSeconds: number) =>
  forbidden(
    `Messages may be edited or deleted by their author for ${windowSeconds} s after posting.`,
    COMMUNITY_ERRORS.chatEditWindowPassed,
  );

export const chatNotAuthor = (what: 'edit' | 'delete') =>
  forbidden(
    what === 'edit'
      ? 'Only its author may edit a message.'
      : "Only its author, the organizer's team and moderators may delete a message.",
    COMMUNITY_ERRORS.chatNotAuthor,
  );

export const chatModeratorsOnly = () =>
  forbidden(
    "Only the organizer's team and moderators may do this in the chat.",
    COMMUNITY_ERRORS.chatModeratorsOnly,
  );

export const chatMessageNotFound = () =>
  notFound('The chat message', COMMUNITY_ERRORS.chatMessageNotFound);

export const chatMessageDeleted = () =>
  new AppError(COMMUNITY_ERRORS.chatMessageDeleted, 409, 'The chat message was deleted.');

export const chatUserNotFound = () => notFound('The user', COMMUNITY_ERRORS.chatUserNotFound);
