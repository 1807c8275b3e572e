import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Database, Executor } from '../db/database.js';
import { AppError, invalidField, unauthorized, type FieldError } from './errors.js';
import { idempotencyKeys } from './idempotency.tables.js';

/** How long a key and its answer are kept. */
export const IDEMPOTENCY_RETENTION_HOURS = 24;
/** A key still "in progress" after this long belongs to a crashed request and may be retaken. */
const STALE_IN_PROGRESS_MS = 5 * 60_000;
const KEY = /^[\x21-\x7e]{1,200}$/;

/** Route header schema for `Idempotency-Key`. */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'Same key and body replays the first answer for 24 h (per user).',
    }),
  ),
});

export interface StoredAnswer {
  status: number;
  body: unknown;
}

interface StoredError {
  error: {
    code: string;
    status: number;
    message: string;
    details?: Record<string, unknown>;
    errors?: FieldError[];
  };
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** A stable hash of what the request asks: method, path and body with sorted keys. */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([method.toUpperCase(), path, canonical(body ?? null)]))
    .digest('base64url');
}

function replay(answer: { responseStatus: number | null; responseBody: unknown }): StoredAnswer {
  const body = answer.responseBody as StoredAnswer['body'] | StoredError;
  if (body && typeof body === 'object' && 'error' in body) {
    const e = (body as StoredError).error;
    throw new AppError(e.code, e.status, e.message, e.details, e.errors);
  }
  return { status: answer.responseStatus ?? 200, body };
}

/**
 * Runs `work` at most once per (user, Idempotency-Key). Same key and same
 * request replays the first answer (its status and body, client errors
 * included); same key with another request is 422; a request still running
 * with the key is 409. A server error releases the key so a retry runs again.
 * Without the header, `work` simply runs.
 */
export async function withIdempotency(
  database: Database,
  request: FastifyRequest,
  work: () => Promise<StoredAnswer>,
): Promise<StoredAnswer> {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return work();
  if (typeof key !== 'string' || !KEY.test(key)) {
    throw invalidField('header.idempotency-key', 'must be 1 to 200 visible ASCII characters');
  }
  const userId = request.principal?.userId;
  if (!userId) throw unauthorized();
  const hash = requestHash(request.method, request.url.split('?')[0] ?? '', request.body);
  const { db } = database;

  for (let attempt = 0; attempt < 3; attempt++) {
    const inserted = await db
      .insert(idempotencyKeys)
      .values({ userId, key, requestHash: hash, state: 'in_progress' })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (inserted.length > 0) return runAndStore(db, userId, key, work);

    const [existing] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
    if (!existing) continue;
    const age = Date.now() - existing.createdAt.getTime();
    const expired = age > IDEMPOTENCY_RETENTION_HOURS * 3_600_000;
    const stale = existing.state === 'in_progress' && age > STALE_IN_PROGRESS_MS;
    if (expired || stale) {
      await db
        .delete(idempotencyKeys)
        .where(
          and(
            eq(idempotencyKeys.userId, userId),
            eq(idempotencyKeys.key, key),
            eq(idempotencyKeys.createdAt, existing.createdAt),
          ),
        );
      continue;
    }
    if (existing.requestHash !== hash) {
      throw new AppError(
        'REQUEST.IDEMPOTENCY_KEY_REUSED',
        422,
        'This Idempotency-Key was already used with a different request.',
      );
    }
    if (existing.state === 'in_progress') {
      throw new AppError(
        'REQUEST.IDEMPOTENCY_IN_PROGRESS',
        409,
        'A request with this Idempotency-Key is still being processed; retry shortly.',
      );
    }
    return replay(existing);
  }
  throw new AppError(
    'REQUEST.IDEMPOTENCY_IN_PROGRESS',
    409,
    'A request with this Idempotency-Key is being processed; retry shortly.',
  );
}

async function runAndStore(
  db: Executor,
  userId: string,
  key: string,
  work: () => Promise<StoredAnswer>,
): Promise<StoredAnswer> {
  const where = and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key));
  let answer: StoredAnswer;
  try {
    answer = await work();
  } catch (error) {
    if (error instanceof AppError && error.status < 500) {
      const stored: StoredError = {
        error: {
          code: error.code,
          status: error.status,
          message: error.message,
          ...(error.details ? { details: error.details } : {}),
          ...(error.errors ? { errors: error.errors } : {}),
        },
      };
      await db
        .update(idempotencyKeys)
        .set({ state: 'completed', responseStatus: error.status, responseBody: stored })
        .where(where);
    } else {
      await db.delete(idempotencyKeys).where(where);
    }
    throw error;
  }
  await db
    .update(idempotencyKeys)
    .set({ state: 'completed', responseStatus: answer.status, responseBody: answer.body })
    .where(where);
  return answer;
}

/** Deletes keys past their retention; run periodically. */
export async function purgeIdempotencyKeys(db: Executor): Promise<number> {
  const deleted = await db
    .delete(idempotencyKeys)
    .where(
      lt(
        idempotencyKeys.createdAt,
        sql`now() - make_interval(hours => ${IDEMPOTENCY_RETENTION_HOURS})`,
      ),
    )
    .returning({ key: idempotencyKeys.key });
  return deleted.length;
}
