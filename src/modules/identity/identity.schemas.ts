import { Type, type Static } from 'typebox';
import { PASSWORD_MAX_LENGTH } from './passwords.js';

const Email = Type.String({ format: 'email', maxLength: 254 });
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

export const MemberRole = Type.Union([
  Type.Literal('owner'),
  Type.Literal('manager'),
  Type.Literal('staff'),
]);

export const MyOrganizer = Type.Intersect([Organizer, Type.Object({ role: MemberRole })]);

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
  role: MemberRole,
  joinedAt: Type.String({ format: 'date-time' }),
});

export const AddMemberBody = Type.Object(
  { userId: Uuid, role: MemberRole },
  { additionalProperties: false },
);
export const MemberRoleBody = Type.Object({ role: MemberRole }, { additionalProperties: false });
export const MemberParams = Type.Object({ id: Uuid, userId: Uuid });

export type UserDto = Static<typeof User>;
