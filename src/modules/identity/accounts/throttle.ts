import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database, Executor, Tx } from '../../../platform/db/database.js';
import { AppError } from '../../../platform/http/errors.js';
import { loginThrottles } from '../identity.tables.js';
import { IDENTITY_ERRORS } from '../identity.errors.js';

export interface ThrottlePolicy {
  /** Failures per account from one address before the long lock. */
  maxFailures: number;
  lockSeconds: number;
}

/**
 * One counter an attempt is checked and counted against. A key with a `limit`
 * locks for `lockSeconds` once it is reached; without one (`Infinity`) it only
 * ever delays, up to `lockSeconds`.
 */
export interface ThrottleGate {
  key: string;
  limit: number;
  /** Failures before delays start. */
  free: number;
  lockSeconds: number;
  /** On success: forget the counter (an account's), or only give the reserved attempt back. */
  clearOnSuccess: boolean;
}

/**
 * IPs get far more room than accounts: many people share one address (a
 * venue's Wi-Fi, a carrier's NAT), so their typos must not delay each other.
 */
const IP_FACTOR = 4;
/** An account's failures before delays start: a typo or two costs nothing. */
const FREE_FAILURES = 2;
/** An address's failures before delays start: half of its limit. */
const freeFailuresOf = (limit: number) => Math.max(FREE_FAILURES, Math.floor(limit / 2));
/**
 * The longest an account's own counter makes anyone wait. It never locks: a
 * lock anyone can trigger from rotating addresses would lock the owner out, so
 * the hard lock is per (account, address) and the account only slows down.
 */
export const ACCOUNT_MAX_DELAY_SECONDS = 60;

/**
 * The gates of a sign-in: the account from this address (locks), the address
 * (locks, with room for shared addresses), and the account from anywhere
 * (delays only; its owner is told when it crosses `maxFailures`).
 */
export function signInGates(email: string, ip: string, policy: ThrottlePolicy): ThrottleGate[] {
  const ipLimit = policy.maxFailures * IP_FACTOR;
  return [
    {
      key: `account-ip:${ip}|${email}`,
      limit: policy.maxFailures,
      free: FREE_FAILURES,
      lockSeconds: policy.lockSeconds,
      clearOnSuccess: true,
    },
    {
      key: `ip:${ip}`,
      limit: ipLimit,
      free: freeFailuresOf(ipLimit),
      lockSeconds: policy.lockSeconds,
      clearOnSuccess: false,
    },
    {
      key: accountKey(email),
      limit: Infinity,
      free: policy.maxFailures,
      lockSeconds: Math.min(ACCOUNT_MAX_DELAY_SECONDS, policy.lockSeconds),
      clearOnSuccess: true,
    },
  ];
}

export const accountKey = (email: string) => `account:${email}`;

/**
 * The gate of every check of the current password (a password change, an
 * email change, an account deletion): one counter per account, so the
 * password can be guessed only as often as a sign-in from one address,
 * whoever holds the session and whichever of them is asked.
 */
export const currentPasswordGates = (userId: string, policy: ThrottlePolicy): ThrottleGate[] => [
  {
    key: `current-password:${userId}`,
    limit: policy.maxFailures,
    free: FREE_FAILURES,
    lockSeconds: policy.lockSeconds,
    clearOnSuccess: true,
  },
];

/**
 * How long the next attempt must wait after `failures` failures: nothing for
 * the first few, then 1, 2, 4, 8... seconds, then the full lock.
 */
export function lockSecondsAfter(
  failures: number,
  limit: number,
  policy: Pick<ThrottlePolicy, 'lockSeconds'>,
  free = FREE_FAILURES,
): number {
  if (failures >= limit) return policy.lockSeconds;
  if (failures <= free) return 0;
  return Math.min(2 ** (failures - free - 1), policy.lockSeconds);
}

export const tooManyAttempts = (retryAfterSeconds: number, what = 'sign-in attempts') =>
  new AppError(
    IDENTITY_ERRORS.tooManyAttempts,
    429,
    `Too many failed ${what}; try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`,
    { retryAfterSeconds },
  );

/** An attempt that passed its gates and was counted as a failure until `release` says otherwise. */
export interface Reservation {
  gates: ThrottleGate[];
}

/** The gates' rows, created when missing, locked in key order (so two attempts never deadlock). */
async function lockGateRows(tx: Tx, keys: string[], window: number) {
  await tx
    .insert(loginThrottles)
    .values(keys.map((key) => ({ key, failures: 0 })))
    .onConflictDoNothing();
  return tx
    .select({
      key: loginThrottles.key,
      failures: loginThrottles.failures,
      stale: sql<boolean>`${loginThrottles.lastFailureAt} < now() - make_interval(secs => ${window})`,
      wait: sql<number>`coalesce(ceil(extract(epoch from ${loginThrottles.lockedUntil} - now())), 0)::int`,
    })
    .from(loginThrottles)
    .where(inArray(loginThrottles.key, keys))
    .orderBy(loginThrottles.key)
    .for('update');
}

/**
 * Checks and counts one attempt in one transaction, before the password is
 * verified: the gates' rows are locked (in key order, so two attempts never
 * deadlock), a locked gate refuses with 429, and otherwise every gate counts
 * the attempt as a failure and sets the wait for the next one. Attempts in
 * flight at once are therefore checked one after another: a burst gets no more
 * verifications than the same attempts made in turn. Counters older than a
 * gate's window start afresh.
 */
export async function reserveAttempt(
  database: Database,
  gates: ThrottleGate[],
  window: number,
  what?: string,
): Promise<Reservation> {
  const keys = gates.map((gate) => gate.key).sort();
  const wait = await database.transaction(async (tx) => {
    let rows = await lockGateRows(tx, keys, window);
    // A success that committed meanwhile may have deleted a row we were waiting for.
    if (rows.length < keys.length) rows = await lockGateRows(tx, keys, window);
    const locked = Math.max(0, ...rows.map((row) => row.wait));
    if (locked > 0) return locked;
    for (const row of rows) {
      const gate = gates.find((g) => g.key === row.key)!;
      const failures = row.stale ? 1 : row.failures + 1;
      const seconds = lockSecondsAfter(failures, gate.limit, gate, gate.free);
      await tx
        .update(loginThrottles)
        .set({
          failures,
          lastFailureAt: sql`now()`,
          lockedUntil: seconds > 0 ? sql`now() + make_interval(secs => ${seconds})` : null,
        })
        .where(eq(loginThrottles.key, row.key));
    }
    return 0;
  });
  if (wait > 0) throw tooManyAttempts(wait, what);
  return { gates };
}

/**
 * The reserved attempt succeeded: account counters are forgotten; an address
 * gets its attempt back, and its wait goes if the count is back within the free
 * failures (other failures from it keep counting down by time).
 */
export async function releaseAttempt(db: Executor, reservation: Reservation): Promise<void> {
  const cleared = reservation.gates.filter((gate) => gate.clearOnSuccess).map((gate) => gate.key);
  if (cleared.length) await db.delete(loginThrottles).where(inArray(loginThrottles.key, cleared));
  for (const gate of reservation.gates.filter((g) => !g.clearOnSuccess)) {
    await db
      .update(loginThrottles)
      .set({
        failures: sql`greatest(${loginThrottles.failures} - 1, 0)`,
        lockedUntil: sql`CASE WHEN ${loginThrottles.failures} - 1 <= ${gate.free} THEN NULL ELSE ${loginThrottles.lockedUntil} END`,
      })
      .where(eq(loginThrottles.key, gate.key));
  }
}

/**
 * The failure count, once per window, for the failure that finds `key` at
 * `threshold` failures or more (null otherwise): one statement marks the row
 * notified, so concurrent failures tell the owner once.
 */
export async function claimNotice(
  db: Executor,
  key: string,
  threshold: number,
  window: number,
): Promise<number | null> {
  const [row] = await db
    .update(loginThrottles)
    .set({ notifiedAt: sql`now()` })
    .where(
      and(
        eq(loginThrottles.key, key),
        sql`${loginThrottles.failures} >= ${threshold}`,
        sql`(${loginThrottles.notifiedAt} IS NULL OR ${loginThrottles.notifiedAt} < now() - make_interval(secs => ${window}))`,
      ),
    )
    .returning({ failures: loginThrottles.failures });
  return row?.failures ?? null;
}
