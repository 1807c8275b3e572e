import type { Tx } from '../../../platform/db/database.js';
import { AppError, conflict, invalidField } from '../../../platform/http/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { isTimeZone } from '../../../platform/time-zones.js';
import { AUDIT_ACTIONS, recordAudit } from '../admin/audit.js';
import { IDENTITY_EVENTS, identityEvents } from '../identity.events.js';
import {
  accountKey,
  claimNotice,
  releaseAttempt,
  reserveAttempt,
  signInGates,
  type Reservation,
} from './throttle.js';
import { signInFailuresMail } from '../email/mail-templates.js';
import type { IdentityContext } from '../identity.context.js';
import type { RequestMeta } from '../../../platform/http/request-meta.js';
import { hashPassword, passwordProblem, verifyAgainstDummy, verifyPassword } from './passwords.js';
import {
  findSessionByTokenHash,
  insertSession,
  revokeSession,
  rotateRefreshToken,
} from '../sessions/sessions.repository.js';
import { hashToken, randomToken } from '../sessions/tokens.js';
import {
  findUserByEmail,
  findUserById,
  insertUser,
  updateUser,
  type ProfileChanges,
  type UserRow,
} from './users.repository.js';
import { IDENTITY_ERRORS, accountSuspended, userNotFound } from '../identity.errors.js';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  sessionId: string;
}

/** Emails compare case-insensitively; store them trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The same answer for an unknown email and a wrong password: no account enumeration. */
export const invalidCredentials = () =>
  new AppError(IDENTITY_ERRORS.invalidCredentials, 401, 'The email or password is incorrect.');

/** An address another account already has (registration, email change). */
export const emailTaken = () =>
  conflict(IDENTITY_ERRORS.emailTaken, 'An account with this email already exists.');

export const invalidRefreshToken = () =>
  new AppError(
    IDENTITY_ERRORS.invalidRefreshToken,
    401,
    'The refresh token is invalid or expired.',
  );

export function assertPassword(password: string, email: string, field = 'body.password') {
  const problem = passwordProblem(password, email);
  if (problem) throw invalidField(field, problem);
}

/** Creates an account inside `tx`, publishing `identity.user.registered`. */
export async function insertAccount(
  tx: Tx,
  input: {
    name: string;
    email: string;
    passwordHash: string | null;
    roles?: string[];
    emailVerified?: boolean;
    /**
     * An account no person owns (the sample events' owner, the Tickest guest),
     * at an address no mail reaches: it is not announced as a registration, so
     * no welcome or verification email is queued for it.
     */
    system?: boolean;
  },
): Promise<UserRow> {
  const user = await insertUser(tx, {
    email: normalizeEmail(input.email),
    name: input.name.trim(),
    passwordHash: input.passwordHash,
    roles: input.roles,
    emailVerifiedAt: input.emailVerified ? new Date() : null,
  });
  if (!user) throw emailTaken();
  if (!input.system) {
    await identityEvents.emit(tx, IDENTITY_EVENTS.userRegistered, { userId: user.id });
  }
  return user;
}

/** Creates a password account (seed, create-admin, tests, registration). */
export async function createUserAccount(
  platform: Platform,
  input: {
    name: string;
    email: string;
    password: string;
    roles?: string[];
    emailVerified?: boolean;
  },
): Promise<{ id: string; email: string; name: string }> {
  assertPassword(input.password, input.email);
  const passwordHash = await hashPassword(input.password);
  const user = await platform.database.transaction((tx) =>
    insertAccount(tx, { ...input, passwordHash }),
  );
  return { id: user.id, email: user.email, name: user.name };
}

/** Opens a session family for `user` inside `tx` and returns its first token pair. */
export async function openSession(
  ctx: IdentityContext,
  tx: Tx,
  user: Pick<UserRow, 'id' | 'roles'>,
  meta: RequestMeta,
): Promise<TokenPair> {
  const refreshToken = randomToken();
  const expiresAt = new Date(Date.now() + ctx.platform.config.refreshTokenTtlDays * 86_400_000);
  const session = await insertSession(tx, {
    userId: user.id,
    refreshTokenHash: hashToken(refreshToken),
    userAgent: meta.userAgent?.slice(0, 500) ?? null,
    ip: meta.ip ?? null,
    expiresAt,
  });
  return issue(ctx, user, session.id, refreshToken);
}

async function issue(
  ctx: IdentityContext,
  user: Pick<UserRow, 'id' | 'roles'>,
  sessionId: string,
  refreshToken: string,
): Promise<TokenPair> {
  const accessToken = await ctx.tokens.sign({ userId: user.id, sessionId, roles: user.roles });
  return {
    accessToken,
    refreshToken,
    tokenType: 'Bearer',
    expiresIn: ctx.tokens.ttlSeconds,
    sessionId,
  };
}

/** Registration: validate, hash, create the user and their first session in one transaction. */
export async function register(
  ctx: IdentityContext,
  input: { name: string; email: string; password: string },
  meta: RequestMeta,
) {
  assertPassword(input.password, input.email);
  const passwordHash = await hashPassword(input.password);
  return ctx.platform.database.transaction(async (tx) => {
    const user = await insertAccount(tx, { ...input, passwordHash });
    const tokens = await openSession(ctx, tx, user, meta);
    return { user, tokens };
  });
}

/** Checks email and password; the caller handles throttling around it. */
export async function authenticate(
  ctx: IdentityContext,
  email: string,
  password: string,
): Promise<UserRow | null> {
  const user = await findUserByEmail(ctx.platform.database.db, normalizeEmail(email));
  if (!user || !user.passwordHash || user.status === 'deleted') {
    return verifyAgainstDummy(password).then(() => null);
  }
  return (await verifyPassword(user.passwordHash, password)) ? user : null;
}

/**
 * Sign-in. Each attempt is reserved against its gates before the password is
 * checked (so parallel guesses are checked in turn), and released when it
 * succeeds: the account locks per address, the address locks, and the account
 * as a whole only slows down, so nobody can lock its owner out; the owner is
 * mailed when its failures pile up. Unknown emails count like known ones.
 */
export async function login(
  ctx: IdentityContext,
  input: { email: string; password: string },
  meta: RequestMeta,
) {
  const { config, database } = ctx.platform;
  const email = normalizeEmail(input.email);
  const policy = { maxFailures: config.loginMaxFailures, lockSeconds: config.loginLockSeconds };
  const gates = signInGates(email, meta.ip ?? 'unknown', policy);
  const reservation = await reserveAttempt(database, gates, policy.lockSeconds);
  const user = await authenticate(ctx, email, input.password);
  if (!user) {
    await database.transaction(async (tx) => {
      const known = await findUserByEmail(tx, email);
      await recordAudit(tx, {
        userId: known?.id ?? null,
        action: AUDIT_ACTIONS.signInFailed,
        ...meta,
        details: known ? {} : { email },
      });
      if (known) await noticeFailures(ctx, tx, known, policy);
    });
    throw invalidCredentials();
  }
  if (user.status !== 'active') {
    await releaseAttempt(database.db, reservation);
    throw accountSuspended();
  }
  const tokens = await signedIn(ctx, user, reservation, meta);
  return { user, tokens };
}

async function signedIn(
  ctx: IdentityContext,
  user: UserRow,
  reservation: Reservation,
  meta: RequestMeta,
): Promise<TokenPair> {
  return ctx.platform.database.transaction(async (tx) => {
    await releaseAttempt(tx, reservation);
    await recordAudit(tx, { userId: user.id, action: AUDIT_ACTIONS.signInSucceeded, ...meta });
    return openSession(ctx, tx, user, meta);
  });
}

/** Mails the owner once a window when the account's failures from anywhere reach the limit. */
async function noticeFailures(
  ctx: IdentityContext,
  tx: Tx,
  user: UserRow,
  policy: { maxFailures: number; lockSeconds: number },
): Promise<void> {
  const failures = await claimNotice(
    tx,
    accountKey(user.email),
    policy.maxFailures,
    policy.lockSeconds,
  );
  if (failures === null) return;
  const { config, mail } = ctx.platform;
  const to = { to: user.email, name: user.name };
  await mail.enqueue(tx, signInFailuresMail(config.publicBaseUrl, to, failures));
}

/**
 * Rotates a refresh token. Presenting one that was already rotated away means
 * it leaked: the whole session family is revoked (RFC 9700 section 4.14).
 */
export async function refresh(ctx: IdentityContext, refreshToken: string): Promise<TokenPair> {
  const currentHash = hashToken(refreshToken);
  const nextToken = randomToken();
  const outcome = await ctx.platform.database.transaction(async (tx) => {
    const session = await rotateRefreshToken(tx, currentHash, hashToken(nextToken));
    if (session) {
      const user = await findUserById(tx, session.userId);
      if (!user || user.status !== 'active') return { error: invalidRefreshToken() };
      return { session, user };
    }
    const known = await findSessionByTokenHash(tx, currentHash);
    if (known?.rotated && !known.session.revokedAt) {
      await revokeSession(tx, known.session.id, 'refresh_token_reuse');
      await recordAudit(tx, {
        userId: known.session.userId,
        action: AUDIT_ACTIONS.refreshTokenReused,
        details: { sessionId: known.session.id },
      });
      return { reused: true as const };
    }
    return { error: invalidRefreshToken() };
  });
  if ('reused' in outcome) {
    ctx.platform.log.warn('refresh token reuse detected; session family revoked');
    throw invalidRefreshToken();
  }
  if ('error' in outcome) throw outcome.error;
  return issue(ctx, outcome.user, outcome.session.id, nextToken);
}

/** Ends a session: the one the access token belongs to, or the one a refresh token names. */
export async function logout(
  ctx: IdentityContext,
  input: { sessionId?: string; userId?: string; refreshToken?: string },
): Promise<void> {
  await ctx.platform.database.transaction(async (tx) => {
    if (input.sessionId) {
      await revokeSession(tx, input.sessionId, 'logout');
      return;
    }
    if (input.refreshToken) {
      const known = await findSessionByTokenHash(tx, hashToken(input.refreshToken));
      if (known && !known.rotated) await revokeSession(tx, known.session.id, 'logout');
    }
  });
}

export async function getProfile(ctx: IdentityContext, userId: string): Promise<UserRow> {
  const user = await findUserById(ctx.platform.database.db, userId);
  if (!user || user.status === 'deleted') throw userNotFound();
  return user;
}

export async function updateProfile(
  ctx: IdentityContext,
  userId: string,
  changes: ProfileChanges,
): Promise<UserRow> {
  if (changes.name !== undefined) changes.name = changes.name.trim();
  if (typeof changes.timeZone === 'string' && !isTimeZone(changes.timeZone))
    throw invalidField(
      'body.timeZone',
      `"${changes.timeZone}" is not an IANA time zone (for example "Europe/Paris" or "UTC")`,
    );
  const user = await ctx.platform.database.transaction((tx) => updateUser(tx, userId, changes));
  if (!user) throw userNotFound();
  return user;
}
