import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../platform/http/principal.js';
import type { Platform } from '../../platform/platform.js';
import * as identity from '../../modules/identity/index.js';
import { tickestError } from './tickest.errors.js';
import type { TickestUser } from './tickest.schemas.js';

/** The shared account behind unauthenticated favourites (never signs in: no password). */
export const GUEST_EMAIL = 'tickest-guest@marquee.invalid';

/** How many same-named accounts a name login tries at most. */
const NAME_LOGIN_CANDIDATES = 5;

interface IdentityUser {
  id: string;
  name: string;
  email: string;
  bio?: string | null;
  createdAt?: Date | string;
  updatedAt?: Date | string;
}

/** Tickest's user object: `_id`, name, email, about; never a password or hash. */
export function toTickestUser(user: IdentityUser): TickestUser {
  return {
    _id: user.id,
    name: user.name,
    email: user.email,
    about: user.bio ?? '',
    ...(user.createdAt ? { createdAt: new Date(user.createdAt).toISOString() } : {}),
    ...(user.updatedAt ? { updatedAt: new Date(user.updatedAt).toISOString() } : {}),
  };
}

const meta = (request: FastifyRequest) => ({
  ip: request.ip,
  userAgent: request.headers['user-agent'],
});

/** Tickest's user operations over identity's use cases. */
export const identityGateway = {
  async guestUserId(platform: Platform): Promise<string> {
    const user = await identity.ensureUserAccount(platform, {
      email: GUEST_EMAIL,
      name: 'Tickest guest',
    });
    return user.id;
  },

  async register(
    platform: Platform,
    body: { name: string; email: string; password: string; about?: string },
    request: FastifyRequest,
  ): Promise<TickestUser> {
    const { user } = await identity.registerUser(
      platform,
      { name: body.name, email: body.email, password: body.password },
      meta(request),
    );
    if (body.about) {
      return toTickestUser(await identity.updateProfile(platform, user.id, { bio: body.about }));
    }
    return toTickestUser(user);
  },

  /**
   * Signs in with an email, or with a display name as the Tickest app sends:
   * names are not unique, so each account with exactly that name is tried.
   */
  async login(
    platform: Platform,
    login: string,
    password: string,
    request: FastifyRequest,
  ): Promise<{ user: TickestUser; accessToken: string }> {
    const emails = login.includes('@')
      ? [login]
      : (await identity.findUsersByName(platform, login, NAME_LOGIN_CANDIDATES)).map(
          (u) => u.email,
        );
    let failure: unknown = tickestError(401, 'Invalid credentials');
    for (const email of emails.length ? emails : [`${login}@unknown.invalid`]) {
      try {
        const session = await identity.login(platform, { email, password }, meta(request));
        return { user: toTickestUser(session.user), accessToken: session.accessToken };
      } catch (error) {
        failure = error;
      }
    }
    throw failure;
  },

  async getUser(platform: Platform, id: string): Promise<TickestUser | null> {
    const user = await identity.getUser(platform, id);
    return user && user.status !== 'deleted' ? toTickestUser(user) : null;
  },

  async listUsers(platform: Platform): Promise<TickestUser[]> {
    const users = await identity.listAllUsers(platform);
    return users.filter((u) => u.email !== GUEST_EMAIL).map(toTickestUser);
  },

  /**
   * Name and about change at once; an email change is only requested (a link
   * goes to the new address) unless the caller is trusted.
   */
  async updateUser(
    platform: Platform,
    current: TickestUser,
    changes: { name?: string; about?: string; email?: string },
    options: { trustedEmail: boolean },
  ): Promise<TickestUser> {
    let user = await identity.updateProfile(platform, current._id, {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.about !== undefined ? { bio: changes.about } : {}),
    });
    if (
      changes.email !== undefined &&
      changes.email.toLowerCase() !== current.email.toLowerCase()
    ) {
      user = options.trustedEmail
        ? await identity.setEmail(platform, current._id, changes.email)
        : (await identity.requestEmailChange(platform, current._id, changes.email), user);
    }
    return toTickestUser(user);
  },

  async setPassword(platform: Platform, id: string, password: string): Promise<void> {
    await identity.setPassword(platform, id, password);
  },

  async deleteUser(platform: Platform, id: string): Promise<void> {
    await identity.deleteUserAccount(platform, id);
  },

  /** The organizer the writer acts for, by name; created (owned by the writer) when missing. */
  async organizerFor(platform: Platform, writer: Principal, name: string): Promise<string> {
    const organizer = await identity.ensureOrganizer(platform, writer, name.trim());
    return organizer.id;
  },
};
