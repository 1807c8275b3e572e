import { inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.js';
import { AppError } from '../../platform/http/errors.js';
import { loginThrottles } from './identity.tables.js';

export interface ThrottlePolicy {
  /** Failures per account before the long lock. */
  maxFailures: number;
  lockSeconds: number;
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

export const throttleKeys = (email: string, ip: string) => ({
  account: `account:${email}`,
  ip: `ip:${ip}`,
});

/**
 * How long the next attempt must wait after `failures` failures: nothing for
 * the first few, then 1, 2, 4, 8... seconds, then the full lock.
 */
export function lockSecondsAfter(
  failures: number,
  limit: number,
  policy: ThrottlePolicy,
  free = FREE_FAILURES,
): number {
  if (failures >= limit) return policy.lockSeconds;
  if (failures <= free) return 0;
  return Math.min(2 ** (failures - free - 1), policy.lockSeconds);
}

export const tooManyAttempts = (retryAfterSeconds: number) =>
  new AppError(
    'AUTH.TOO_MANY_ATTEMPTS',
    429,
    `Too many failed sign-in attempts; try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`,
    { retryAfterSeconds },
  );

/** Throws 429 (with the wait in details) while either key is locked. */
export async function assertNotLocked(db: Executor, keys: { account: string; ip: string }) {
  const rows = await db
    .select({ lockedUntil: loginThrottles.lockedUntil })
    .from(loginThrottles)
    .where(inArray(loginThrottles.key, [keys.account, keys.ip]));
  const until = Math.max(0, ...rows.map((row) => row.lockedUntil?.getTime() ?? 0));
  const wait = Math.ceil((until - Date.now()) / 1000);
  if (wait > 0) throw tooManyAttempts(wait);
}

/** Counts a failure against both keys; counters older than the lock window start afresh. */
export async function recordFailure(
  db: Executor,
  keys: { account: string; ip: string },
  policy: ThrottlePolicy,
): Promise<void> {
  const ipLimit = policy.maxFailures * IP_FACTOR;
  for (const [key, limit, free] of [
    [keys.account, policy.maxFailures, FREE_FAILURES],
    [keys.ip, ipLimit, freeFailuresOf(ipLimit)],
  ] as const) {
    const stale = sql`${loginThrottles.lastFailureAt} < now() - make_interval(secs => ${policy.lockSeconds})`;
    const [row] = await db
      .insert(loginThrottles)
      .values({ key, failures: 1 })
      .onConflictDoUpdate({
        target: loginThrottles.key,
        set: {
          failures: sql`CASE WHEN ${stale} THEN 1 ELSE ${loginThrottles.failures} + 1 END`,
          lastFailureAt: sql`now()`,
        },
      })
      .returning({ failures: loginThrottles.failures });
    const seconds = lockSecondsAfter(row!.failures, limit, policy, free);
    if (seconds > 0) {
      await db
        .update(loginThrottles)
        .set({ lockedUntil: sql`now() + make_interval(secs => ${seconds})` })
        .where(inArray(loginThrottles.key, [key]));
    }
  }
}

/** A successful sign-in clears the account's counter (the IP's keeps counting down by time). */
export async function clearAccount(db: Executor, keys: { account: string }): Promise<void> {
  await db.delete(loginThrottles).where(inArray(loginThrottles.key, [keys.account]));
}
