/** Domain events the identity module publishes, with their payloads. */
export const IDENTITY_EVENTS = {
  userRegistered: 'identity.user.registered',
  passwordChanged: 'identity.password.changed',
  organizerCreated: 'identity.organizer.created',
  organizerUpdated: 'identity.organizer.updated',
} as const;

export interface UserRegisteredPayload {
  userId: string;
}

export interface PasswordChangedPayload {
  userId: string;
}

export interface OrganizerChangedPayload {
  organizerId: string;
  name: string;
}
