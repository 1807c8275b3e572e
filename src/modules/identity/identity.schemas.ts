import { Type, type Static } from 'typebox';
import { PASSWORD_MAX_LENGTH } from './accounts/passwords.js';

/** An email address as every identity body takes it. */
export const Email = Type.String({ format: 'email', maxLength: 254 });

/** A one-time token from an emailed link, as its redeeming body takes it. */
export const OneTimeToken = Type.String({
  minLength: 16,
  maxLength: 200,
  pattern: '^[A-Za-z0-9_-]+$',
});
const Name = Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid });

export const User = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  roles: Type.Array(Type.String()),
  status: Type.String(),
  emailVerified: Type.Boolean(),
  bio: Type.Union([Type.String(), Type.Null()]),
  avatarUrl: Type.Union([Type.String(), Type.Null()]),
  locale: Type.Union([Type.String(), Type.Null()]),
  timeZone: Type.Union([Type.String(), Type.Null()]),
  preferences: Type.Object({}, { additionalProperties: true }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const Tokens = Type.Object({
  accessToken: Type.String(),
  refreshToken: Type.String(),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer({ description: 'Seconds until the access token expires.' }),
  sessionId: Uuid,
});

export const AuthResult = Type.Object({ user: User, tokens: Tokens });

/** A refresh answers its pair in the place sign-in does: `data.tokens`. */
export const RefreshResult = Type.Object({ tokens: Tokens });

export const RegisterBody = Type.Object(
  {
    name: Name,
    email: Email,
    password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
  },
  { additionalProperties: false },
);

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
  },
  { additionalProperties: false },
);

export const RefreshBody = Type.Object(
  { refreshToken: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
  { additionalProperties: false },
);

export const Preferences = Type.Object(
  {
    favouriteCategories: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 80 }), { maxItems: 50, uniqueItems: true }),
    ),
    newsletter: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const UpdateMeBody = Type.Object(
  {
    name: Type.Optional(Name),
    bio: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    avatarUrl: Type.Optional(
      Nullable(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 })),
    ),
    locale: Type.Optional(
      Nullable(Type.String({ pattern: '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$', maxLength: 35 })),
    ),
    timeZone: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
    preferences: Type.Optional(Preferences),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const Organizer = Type.Object({
  id: Uuid,
  name: Type.String(),
  slug: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  logoUrl: Type.Union([Type.String(), Type.Null()]),
  contactEmail: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

/** A member's role in an organizer team: staff < manager < owner. */
export const OrganizerRole = Type.Union([
  Type.Literal('owner'),
  Type.Literal('manager'),
  Type.Literal('staff'),
]);
export type OrganizerRole = Static<typeof OrganizerRole>;

export const MyOrganizer = Type.Intersect([Organizer, Type.Object({ role: OrganizerRole })]);

export const CreateOrganizerBody = Type.Object(
  {
    name: Name,
    slug: Type.Optional(
      Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', minLength: 2, maxLength: 60 }),
    ),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    logoUrl: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 })),
    contactEmail: Type.Optional(Email),
  },
  { additionalProperties: false },
);

export const UpdateOrganizerBody = Type.Object(
  {
    name: Type.Optional(Name),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    logoUrl: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 })),
    contactEmail: Type.Optional(Email),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const Member = Type.Object({
  userId: Uuid,
  name: Type.String(),
  email: Type.String(),
  role: OrganizerRole,
  joinedAt: Type.String({ format: 'date-time' }),
});

export const AddMemberBody = Type.Object(
  { userId: Uuid, role: OrganizerRole },
  { additionalProperties: false },
);
export const MemberRoleBody = Type.Object({ role: OrganizerRole }, { additionalProperties: false });
export const MemberParams = Type.Object({ id: Uuid, userId: Uuid });

export type UserDto = Static<typeof User>;

export const Session = Type.Object({
  id: Uuid,
  userAgent: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  current: Type.Boolean(),
});

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
    newPassword: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
  },
  { additionalProperties: false },
);

export const AuditEntry = Type.Object({
  id: Uuid,
  action: Type.String(),
  actorId: Type.Union([Uuid, Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  details: Type.Object({}, { additionalProperties: true }),
  createdAt: Type.String({ format: 'date-time' }),
});

export const RoleName = Type.Union([
  Type.Literal('admin'),
  Type.Literal('moderator'),
  Type.Literal('organizer'),
  Type.Literal('attendee'),
]);

export const UserStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('suspended'),
  Type.Literal('deleted'),
]);

export const AdminCreateUserBody = Type.Object(
  {
    name: Name,
    email: Email,
    password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
    roles: Type.Optional(Type.Array(RoleName, { minItems: 1, maxItems: 4, uniqueItems: true })),
    emailVerified: Type.Optional(
      Type.Boolean({ description: 'Mark the address verified (no verification mail is sent).' }),
    ),
  },
  { additionalProperties: false },
);

export const AdminUpdateUserBody = Type.Object(
  {
    roles: Type.Optional(Type.Array(RoleName, { minItems: 1, maxItems: 4, uniqueItems: true })),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('suspended')])),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ApiToken = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the token, to recognise it.' }),
  scopes: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const CreatedApiToken = Type.Intersect([
  ApiToken,
  Type.Object({ token: Type.String({ description: 'The secret; shown only this once.' }) }),
]);

export const CreateApiTokenBody = Type.Object(
  {
    name: Name,
    scopes: Type.Array(Type.Union([Type.Literal('read'), Type.Literal('write')]), {
      minItems: 1,
      maxItems: 2,
      uniqueItems: true,
    }),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  },
  { additionalProperties: false },
);

export const Invitation = Type.Object({
  id: Uuid,
  organizerId: Uuid,
  email: Type.String(),
  role: OrganizerRole,
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

export const InviteBody = Type.Object(
  { email: Email, role: OrganizerRole },
  { additionalProperties: false },
);

export const AcceptInvitationBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const InvitationParams = Type.Object({ id: Uuid, invitationId: Uuid });
