import { Type } from 'typebox';
import { defineEvents, type EventPayload } from '../../platform/events/event-catalogue.js';

const UserOnly = () => Type.Object({ userId: Type.String() }, { additionalProperties: false });
const Organizer = () =>
  Type.Object({ organizerId: Type.String(), name: Type.String() }, { additionalProperties: false });

/** Domain events the identity module publishes, with their payloads as they sit in the outbox. */
export const identityEvents = defineEvents({
  'identity.user.registered': UserOnly(),
  /** `via: 'reset'` when a reset link set it; absent for a change from /v1/me/password. */
  'identity.password.changed': Type.Object(
    { userId: Type.String(), via: Type.Optional(Type.Literal('reset')) },
    { additionalProperties: false },
  ),
  'identity.email.verified': UserOnly(),
  /** The account's address was replaced by a newly verified one. */
  'identity.email.changed': UserOnly(),
  'identity.organizer.created': Organizer(),
  'identity.organizer.updated': Organizer(),
});

/** The event names, for subscribers. */
export const IDENTITY_EVENTS = {
  userRegistered: 'identity.user.registered',
  passwordChanged: 'identity.password.changed',
  emailVerified: 'identity.email.verified',
  emailChanged: 'identity.email.changed',
  organizerCreated: 'identity.organizer.created',
  organizerUpdated: 'identity.organizer.updated',
} as const satisfies Record<string, keyof typeof identityEvents.schemas>;

export type UserRegisteredPayload = EventPayload<typeof identityEvents, 'identity.user.registered'>;
export type PasswordChangedPayload = EventPayload<
  typeof identityEvents,
  'identity.password.changed'
>;
export type EmailVerifiedPayload = EventPayload<typeof identityEvents, 'identity.email.verified'>;
export type EmailChangedPayload = EventPayload<typeof identityEvents, 'identity.email.changed'>;
export type OrganizerChangedPayload = EventPayload<
  typeof identityEvents,
  'identity.organizer.created' | 'identity.organizer.updated'
>;
