/** Every error code community answers with (the `code` of its problem documents). */
export const COMMUNITY_ERRORS = {
  tooManyFavorites: 'COMMUNITY.TOO_MANY_FAVORITES',
} as const;

export type CommunityErrorCode = (typeof COMMUNITY_ERRORS)[keyof typeof COMMUNITY_ERRORS];
