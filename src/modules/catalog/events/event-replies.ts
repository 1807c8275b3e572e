import type { FastifyReply, FastifyRequest } from 'fastify';
import { ok } from '../../../platform/http/envelope.js';
import {
  assertIfMatch,
  isNotModified,
  isNotModifiedNow,
  personalEtag,
} from '../../../platform/http/etag.js';
import type { EventPage } from './event-reads.js';
import { viewerOf, type EventReaders } from './event-readers.js';
import { eventEtag } from './events.repository.js';
import type { EventView } from './events.schemas.js';

/** The request's If-Match precondition, for a use case to check against the current ETag. */
export const ifMatch = (request: FastifyRequest) => (etag: string) => assertIfMatch(request, etag);

/** Replies with the event and its ETag. */
export function sendEvent(reply: FastifyReply, view: EventView, status = 200) {
  reply.header('etag', eventEtag(view));
  return reply.code(status).send(ok(view));
}

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Answers a read of one event: 304 when the reader holds its validator, else
 * the body. A signed-in reader's answer carries the wired readers' personal
 * fields, and its validator their personal part. Every answer but an
 * anonymous 304 is told to the readers as a view.
 */
export async function sendEventPage(
  request: FastifyRequest,
  reply: FastifyReply,
  readers: EventReaders,
  id: number,
  page: EventPage,
) {
  const userId = request.principal?.userId;
  if (!userId || !readers.annotates) {
    if (isNotModified(request, reply, page.etag)) return reply.send(null);
    readers.recordView(id, viewerOf(request));
    return reply.type(JSON_TYPE).send(page.body as never);
  }
  readers.recordView(id, viewerOf(request));
  const annotated = await readers.annotate(userId, page.body);
  if (isNotModifiedNow(request, reply, personalEtag(page.etag, annotated.marker)))
    return reply.send(null);
  return reply.type(JSON_TYPE).send(annotated.body as never);
}

/** Answers a list page (already serialized), with a signed-in reader's personal fields. */
export async function sendEventList(
  request: FastifyRequest,
  reply: FastifyReply,
  readers: EventReaders,
  body: string,
) {
  reply.type(JSON_TYPE);
  const userId = request.principal?.userId;
  if (!userId || !readers.annotates) return reply.send(body as never);
  return reply.send((await readers.annotate(userId, body)).body as never);
}
