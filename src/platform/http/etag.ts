import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { preconditionFailed } from './errors.js';

/** A strong ETag from a resource's version marker (a version number or updatedAt). */
export function etagOf(id: string | number, version: string | number | Date): string {
  const marker = version instanceof Date ? version.toISOString() : String(version);
  return `"${createHash('sha1').update(`${id}:${marker}`).digest('base64url').slice(0, 22)}"`;
}

function matches(header: string, etag: string): boolean {
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

/** Throws 412 when the request carries an If-Match that does not match `current`. */
export function assertIfMatch(request: FastifyRequest, current: string): void {
  const header = request.headers['if-match'];
  if (header !== undefined && !matches(header, current)) throw preconditionFailed();
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
