/**
 * The one permission map: which global role may do what. Object-level rules
 * (is this my order? am I a manager of this organizer?) live in use cases;
 * this map answers only "may this kind of user attempt this at all".
 */
export const ROLES = {
  admin: 'admin',
  moderator: 'moderator',
  organizer: 'organizer',
  attendee: 'attendee',
} as const;

export type Role = (typeof ROLES)[keyof typeof ROLES];

export const PERMISSIONS = {
  'users:admin': ['admin'],
  'audit:read': ['admin'],
  'categories:write': ['admin'],
  'templates:write': ['admin', 'organizer'],
  'organizers:create': ['admin', 'organizer'],
  'events:write': ['admin', 'organizer'],
  'content:moderate': ['admin', 'moderator'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** True when any of `roles` grants `permission`. */
export function hasPermission(roles: readonly string[], permission: Permission): boolean {
  const allowed: readonly string[] = PERMISSIONS[permission];
  return roles.some((role) => allowed.includes(role));
}
