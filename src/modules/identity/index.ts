export { createIdentityModule, type IdentityApi } from './identity.module.js';
export type { IdentityDeps, RequestMeta } from './identity.context.js';
export { IDENTITY_EVENTS } from './identity.events.js';
export type {
  EmailChangedPayload,
  OrganizerChangedPayload,
  PasswordChangedPayload,
  UserRegisteredPayload,
} from './identity.events.js';
export type { MemberRole } from './organizers.repository.js';
export { FORGOT_ANSWER } from './password-reset.routes.js';
export { RECENT_SIGN_IN_SECONDS } from './reauthentication.js';
