export { createIdentityModule, type IdentityApi } from './identity.module.js';
export type { IdentityDeps, RequestMeta } from './identity.context.js';
export { IDENTITY_EVENTS, identityEvents } from './identity.events.js';
export type {
  EmailChangedPayload,
  EmailVerifiedPayload,
  OrganizerChangedPayload,
  PasswordChangedPayload,
  UserRegisteredPayload,
} from './identity.events.js';
export { IDENTITY_ERRORS } from './identity.errors.js';
export type { OrganizerRole } from './identity.schemas.js';
export { FORGOT_ANSWER } from './email/password-reset.routes.js';
export { RECENT_SIGN_IN_SECONDS } from './accounts/reauthentication.js';
export { organizerChannelKey, userChannelKey } from './realtime/realtime-channels.js';
