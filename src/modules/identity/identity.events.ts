/** Domain events the identity module publishes, with their payloads. */
export const IDENTITY_EVENTS = {
  userRegistered: 'identity.user.registered',
  passwordChanged: 'identity.password.changed',
  emailVerified: 'identity.email.verified',
  /** The account's address was replaced by a newly verified one. */
  emailChanged: 'identity.email.changed',
  organizerCreated: 'identity.organizer.created',
  organizerUpdated: 'identity.organizer.updated',
} as const;

export interface UserRegisteredPayload {
  userId: string;
}

export interface PasswordChangedPayload {
  userId: string;
}

export interface EmailChangedPayload {
  userId: string;
}

export interface OrganizerChangedPayload {
  organizerId: string;
  name: string;
}
