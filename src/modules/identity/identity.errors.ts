import { AppError, forbidden, notFound } from '../../platform/http/errors.js';

/**
 * Every error code identity answers with. Sign-in and token problems are
 * `AUTH.*`; accounts, organizers and their members are `IDENTITY.*`.
 */
export const IDENTITY_ERRORS = {
  accountSuspended: 'AUTH.ACCOUNT_SUSPENDED',
  csrfRejected: 'AUTH.CSRF_REJECTED',
  emailAlreadyVerified: 'AUTH.EMAIL_ALREADY_VERIFIED',
  emailNotVerified: 'AUTH.EMAIL_NOT_VERIFIED',
  invalidCredentials: 'AUTH.INVALID_CREDENTIALS',
  invalidRefreshToken: 'AUTH.INVALID_REFRESH_TOKEN',
  /** A bearer credential (access token or API token) that is not, or no longer, valid: 401. */
  invalidToken: 'AUTH.INVALID_TOKEN',
  /** An emailed one-time link (verification, reset, email change) that is unknown, used or expired: 400. */
  linkInvalid: 'AUTH.LINK_INVALID',
  oidcDenied: 'AUTH.OIDC_DENIED',
  oidcEmailNotVerified: 'AUTH.OIDC_EMAIL_NOT_VERIFIED',
  oidcFailed: 'AUTH.OIDC_FAILED',
  oidcProviderNotFound: 'AUTH.OIDC_PROVIDER_NOT_FOUND',
  oidcProviderUnavailable: 'AUTH.OIDC_PROVIDER_UNAVAILABLE',
  oidcStateInvalid: 'AUTH.OIDC_STATE_INVALID',
  recentSignInRequired: 'AUTH.RECENT_SIGN_IN_REQUIRED',
  tooManyAttempts: 'AUTH.TOO_MANY_ATTEMPTS',
  verificationResendTooSoon: 'AUTH.VERIFICATION_RESEND_TOO_SOON',
  alreadyMember: 'IDENTITY.ALREADY_MEMBER',
  apiTokenNotFound: 'IDENTITY.API_TOKEN_NOT_FOUND',
  emailChangeTooOften: 'IDENTITY.EMAIL_CHANGE_TOO_OFTEN',
  emailTaken: 'IDENTITY.EMAIL_TAKEN',
  invitationEmailMismatch: 'IDENTITY.INVITATION_EMAIL_MISMATCH',
  invitationInvalid: 'IDENTITY.INVITATION_INVALID',
  invitationNotFound: 'IDENTITY.INVITATION_NOT_FOUND',
  lastOwner: 'IDENTITY.LAST_OWNER',
  memberNotFound: 'IDENTITY.MEMBER_NOT_FOUND',
  organizerNotFound: 'IDENTITY.ORGANIZER_NOT_FOUND',
  organizerRoleRequired: 'IDENTITY.ORGANIZER_ROLE_REQUIRED',
  selfLockout: 'IDENTITY.SELF_LOCKOUT',
  sessionNotFound: 'IDENTITY.SESSION_NOT_FOUND',
  slugTaken: 'IDENTITY.SLUG_TAKEN',
  userNotFound: 'IDENTITY.USER_NOT_FOUND',
  wrongPassword: 'IDENTITY.WRONG_PASSWORD',
} as const;

export type IdentityErrorCode = (typeof IDENTITY_ERRORS)[keyof typeof IDENTITY_ERRORS];

/** 404 for a user id that names no (live) account. */
export const userNotFound = () => notFound('The user', IDENTITY_ERRORS.userNotFound);

/** 403 for a suspended account, wherever it tries to act. */
export const accountSuspended = () =>
  forbidden('This account is suspended.', IDENTITY_ERRORS.accountSuspended);

/** The one answer for an unknown, used, expired or stale emailed link: it says nothing more. */
export const linkInvalid = () =>
  new AppError(
    IDENTITY_ERRORS.linkInvalid,
    400,
    'This link is invalid, was already used or has expired. Ask for a new one.',
  );
