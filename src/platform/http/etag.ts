import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { preconditionFailed } from './errors.js';

/** A strong ETag from a resource's version marker (a version number or updatedAt). */
export function etagOf(id: string | number, version: string | number | Date): string {
  const marker = version instanceof Date ? version.toISOString() : String(version);
  return `"${createHash('sha1').update(`${id}:${marker}`).digest('base64url').slice(0, 22)}"`;
}

/** Separates a personal part from the shared validator; never in etagOf's base64url. */
const PERSONAL_SEPARATOR = '.';

/**
 * The resource's ETag extended with the reader's own state (favourites), so a
 * 304 is never stale for that reader; its shared part still satisfies If-Match.
 */
export function personalEtag(etag: string, marker: string): string {
  const hash = createHash('sha1').update(marker).digest('base64url').slice(0, 10);
  return `${sharedPart(etag).replace(/"$/, '')}${PERSONAL_SEPARATOR}${hash}"`;
}

/** The validator without any personal part. */
function sharedPart(etag: string): string {
  const cut = etag.indexOf(PERSONAL_SEPARATOR);
  return cut < 0 ? etag : `${etag.slice(0, cut)}"`;
}

interface EntityTag {
  opaque: string;
  weak: boolean;
}

/**
 * The entity-tags of an If-Match or If-None-Match list (RFC 9110 section 8.8.3),
 * or '*'. Tags are matched by their quotes, so a comma inside one splits nothing.
 */
function parseTags(header: string): EntityTag[] | '*' {
  if (header.trim() === '*') return '*';
  return [...header.matchAll(/(W\/)?("[^"]*")/g)].map((m) => ({ opaque: m[2]!, weak: !!m[1] }));
}

/**
 * Throws 412 when the request carries an If-Match that does not match `current`.
 * If-Match uses the strong comparison: a weak tag never matches; `*` matches the
 * existing resource. Only shared parts are compared: a validator read with a
 * personal part names the same state of the resource as the one a writer changes.
 */
export function assertIfMatch(request: FastifyRequest, current: string): void {
  const header = request.headers['if-match'];
  if (header === undefined) return;
  const tags = parseTags(header);
  const target = sharedPart(current);
  if (tags === '*' || tags.some((t) => !t.weak && sharedPart(t.opaque) === target)) return;
  throw preconditionFailed();
}

/** True when If-None-Match names `etag` (weak comparison) or is `*`. */
function hasIfNoneMatch(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (header === undefined) return false;
  const tags = parseTags(header);
  const opaque = etag.replace(/^W\//, '');
  return tags === '*' || tags.some((t) => t.opaque === opaque);
}

/** Reads whose ETag gains a personal part after the handler (see deferNotModified). */
const personalReads = new WeakSet<FastifyRequest>();

/**
 * Marks a read whose validator is completed later (a signed-in reader's
 * personal part): isNotModified then never answers 304 on the shared part,
 * and whoever completes the validator decides with isNotModifiedNow.
 */
export function deferNotModified(request: FastifyRequest): void {
  personalReads.add(request);
}

/** True (and the reply is set to 304) when If-None-Match already has `etag`. */
export function isNotModified(request: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  reply.header('etag', etag);
  if (personalReads.has(request) || !hasIfNoneMatch(request, etag)) return false;
  reply.code(304);
  return true;
}

/**
 * For a deferred read whose whole validator is now `etag`: true (and the reply
 * is set to 304, its body to go) when If-None-Match has it.
 */
export function isNotModifiedNow(request: FastifyRequest, reply: FastifyReply, etag: string) {
  reply.header('etag', etag);
  if (!hasIfNoneMatch(request, etag)) return false;
  reply.code(304).removeHeader('content-type');
  return true;
}
