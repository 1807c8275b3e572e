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

function matches(header: string, etag: string, compare = (tag: string) => tag): boolean {
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || compare(tag) === compare(etag));
}

/**
 * Throws 412 when the request carries an If-Match that does not match `current`.
 * Only shared parts are compared: a validator read with a personal part names
 * the same state of the resource as the one a writer changes.
 */
export function assertIfMatch(request: FastifyRequest, current: string): void {
  const header = request.headers['if-match'];
  if (header !== undefined && !matches(header, current, sharedPart)) throw preconditionFailed();
}

/** True (and the reply is set to 304) when If-None-Match already has `etag`. */
export function isNotModified(request: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  reply.header('etag', etag);
  const header = request.headers['if-none-match'];
  if (header !== undefined && matches(header, etag)) {
    reply.code(304);
    return true;
  }
  return false;
}
