import type { FastifyRequest } from 'fastify';
import type { Tx } from '../../platform/db/database.js';
import type { Principal } from '../../platform/http/principal.js';
import type { Platform } from '../../platform/platform.js';
import { RECENT_SIGN_IN_SECONDS, type IdentityApi } from '../../modules/identity/index.js';
import { AppError } from '../../platform/http/errors.js';
import { tickestError } from './tickest.errors.js';
import type { TickestUser } from './tickest.schemas.js';

/** The shared account behind unauthenticated favourites (never signs in: no password). */
export const GUEST_EMAIL = 'tickest-guest@marquee.invalid';

/** How many users GET /api/users lists at most. */
const MAX_LISTED = 1000;

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

const isStatus = (error: unknown, status: number) =>
  error instanceof AppError && error.status === status;

/** Tickest's user operations over identity's use cases. */
export const identityGateway = (platform: Platform, identity: IdentityApi) => ({
  /** The shared guest account, created once (a concurrent creation is detected and reused). */
  async guestUserId(): Promise<string> {
    const existing = await identity.findUserByEmail(GUEST_EMAIL);
    if (existing) return existing.id;
    try {
      const user = await platform.database.transaction((tx) =>
        identity.insertAccount(tx, {
          name: 'Tickest guest',
          email: GUEST_EMAIL,
          passwordHash: null,
          emailVerified: true,
          system: true,
        }),
      );
      return user.id;
    } catch (error) {
      const raced = isStatus(error, 409) ? await identity.findUserByEmail(GUEST_EMAIL) : null;
      if (raced) return raced.id;
      throw error;
    }
  },

  async register(
    body: { name: string; email: string; password: string; about?: string },
    request: FastifyRequest,
  ): Promise<TickestUser> {
    const { user } = await identity.register(
      { name: body.name, email: body.email, password: body.password },
      meta(request),
    );
    if (!body.about) return toTickestUser(user);
    return toTickestUser(await identity.updateProfile(user.id, { bio: body.about }));
  },

  /**
   * Signs in with an email, or with a display name as the Tickest app sends:
   * names are not unique, so each active account with exactly that name is
   * tried (identity throttles every attempt).
   */
  async login(
    login: string,
    password: string,
    request: FastifyRequest,
  ): Promise<{ user: TickestUser; accessToken: string }> {
    const emails = login.includes('@')
      ? [login]
      : (await identity.findUsersByName(login, NAME_LOGIN_CANDIDATES)).map((u) => u.email);
    // An unknown name still costs a password check, like an unknown email.
    let failure: unknown;
    for (const email of emails.length ? emails : [`unknown-name@marquee.invalid`]) {
      try {
        const { user, tokens } = await identity.login({ email, password }, meta(request));
        return { user: toTickestUser(user), accessToken: tokens.accessToken };
      } catch (error) {
        failure = error;
        if (!isStatus(error, 401)) break;
      }
    }
    if (isStatus(failure, 401)) throw tickestError(401, 'Invalid credentials');
    throw failure;
  },

  async getUser(id: string): Promise<TickestUser | null> {
    try {
      return toTickestUser(await identity.getProfile(id));
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  },

  /** Every account that is not deleted, oldest first (at most MAX_LISTED). */
  async listUsers(): Promise<TickestUser[]> {
    const { rows } = await identity.searchUsers({}, [{ field: 'createdAt', direction: 'asc' }], {
      page: 1,
      limit: MAX_LISTED,
      offset: 0,
    });
    return rows.filter((u) => u.status !== 'deleted' && u.email !== GUEST_EMAIL).map(toTickestUser);
  },

  /**
   * Name and about at once; a different email only starts identity's email
   * change, so the answer still shows the current address. Without a recent
   * session of this very user (the app sends no token), the current address
   * must approve before the new one gets its confirmation link: knowing a
   * user's id is not enough to move the account.
   */
  async updateUser(
    current: TickestUser,
    changes: { name?: string; about?: string; email?: string },
    request: FastifyRequest,
  ): Promise<TickestUser> {
    const email = changes.email?.trim();
    if (email && identity.normalizeEmail(email) !== identity.normalizeEmail(current.email)) {
      if (current.email === GUEST_EMAIL)
        throw tickestError(403, 'The shared guest account has no email to change');
      const principal = request.principal;
      // An API token or an admin's session does not show that the owner asked.
      const ownSession =
        principal?.userId === current._id && principal.sessionId ? principal.sessionId : null;
      await identity
        .requestEmailChange({
          userId: current._id,
          newEmail: email,
          proof: ownSession ? { kind: 'session', sessionId: ownSession } : { kind: 'legacy-app' },
          meta: meta(request),
          field: 'body.email',
        })
        .catch((error: unknown) => {
          if (isStatus(error, 400)) throw tickestError(400, 'Invalid email address');
          throw error;
        });
    }
    if (changes.name === undefined && changes.about === undefined) return current;
    const user = await identity.updateProfile(current._id, {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.about !== undefined ? { bio: changes.about } : {}),
    });
    return toTickestUser(user);
  },

  /**
   * Deletes (anonymises) an account: an administrator for another, or the
   * user themselves from a recent sign-in (Tickest sends no password here, so
   * the login itself is the proof, as for OpenID-only accounts natively).
   */
  async deleteUser(actor: Principal, id: string, request: FastifyRequest): Promise<void> {
    if (actor.userId === id) {
      if (!actor.sessionId || !(await identity.signedInRecently(actor.sessionId))) {
        throw tickestError(
          403,
          `Log in again to delete your account (a login within the last ${RECENT_SIGN_IN_SECONDS / 60} minutes is needed)`,
        );
      }
      await platform.database.transaction((tx) =>
        identity.anonymiseAccount(tx, id, { meta: meta(request) }),
      );
      return;
    }
    await identity.adminDeleteUser(actor, id, meta(request));
  },

  /**
   * The organizer profile the writer acts for with that name (case-insensitive);
   * created, owned by the writer, when they have none of that name.
   */
  async organizerFor(
    tx: Tx,
    writer: Principal,
    name: string,
  ): Promise<{ id: string; name: string }> {
    const mine = await identity.listOrganizersOfUser(tx, writer.userId);
    const wanted = name.trim().toLowerCase();
    const match = mine.find((m) => m.organizer.name.toLowerCase() === wanted && m.role !== 'staff');
    if (match) return { id: match.organizer.id, name: match.organizer.name };
    return identity.createOrganizerProfile(writer.userId, { name: name.trim() }, tx);
  },
});
