import { Type } from 'typebox';
import { invalidField } from './errors.js';

export const PaginationQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
};

export interface PageRequest {
  page: number;
  limit: number;
  offset: number;
}

/** Normalises `page` and `limit` (1-based page, limit 1..100, default 20). */
export function pageRequest(query: { page?: number; limit?: number }): PageRequest {
  const page = query.page ?? 1;
  const limit = query.limit ?? 20;
  return { page, limit, offset: (page - 1) * limit };
}

export interface SortTerm<F extends string> {
  field: F;
  direction: 'asc' | 'desc';
}

/** A `sort` query string parameter: `field,-other`. */
export const SortQuery = Type.Optional(
  Type.String({
    maxLength: 200,
    description: 'Comma-separated fields; prefix with - for descending.',
  }),
);

/**
 * Parses `sort=field,-other` against a whitelist; an unknown field is a 400
 * that names the parameter and lists what is allowed.
 */
export function parseSort<F extends string>(
  raw: string | undefined,
  allowed: readonly F[],
  fallback: SortTerm<F>[],
): SortTerm<F>[] {
  if (!raw) return fallback;
  const terms: SortTerm<F>[] = [];
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const direction = part.startsWith('-') ? 'desc' : 'asc';
    const field = part.replace(/^[-+]/, '') as F;
    if (!allowed.includes(field)) {
      throw invalidField(
        'query.sort',
        `unknown sort field "${field}"; allowed: ${allowed.join(', ')}`,
      );
    }
    terms.push({ field, direction });
  }
  return terms.length ? terms : fallback;
}
