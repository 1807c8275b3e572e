import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import { addEvent } from '../../platform/events/outbox.js';
import { AppError, invalidField } from '../../platform/http/errors.js';
import type { Principal } from '../../platform/http/principal.js';
import type { Platform } from '../../platform/platform.js';
import { assertCanManage, type OrganizerRole } from './catalog.access.js';
import { CATALOG_EVENTS, type EventCancelledPayload } from './catalog.events.js';
import { runCancellationSteps } from './event-cancellation.js';
import { catalogOrganizers, events } from './catalog.tables.js';
import { findCategory } from './categories.repository.js';
import { findTemplate, type TemplateRow } from './templates.repository.js';
import { isTimeZone } from '../../platform/time-zones.js';
import { assertEditable, eventNotFound, normalizeTags } from './events.rules.js';
import {
  eventEtag,
  findEventRow,
  loadEventView,
  refreshEvents,
  touchEvent,
} from './events.repository.js';
import type { EventCreate, EventPatch, EventReplace, EventView } from './events.schemas.js';
import {
  insertOccurrence,
  insertTicketType,
  syncOccurrences,
  syncTicketTypes,
  ticketsTaken,
} from './parts.service.js';
import { eventChanged } from './event-cache.js';
import { isForeignKeyViolation } from '../../platform/db/errors.js';

type EventRow = typeof events.$inferSelect;
/** Checks the caller's If-Match against the current ETag (412 when stale). */
export type PreconditionCheck = (currentEtag: string) => void;

async function assertCategory(tx: Tx, slug: string, field = 'body.category'): Promise<void> {
  const row = await findCategory(tx, slug);
  if (!row) throw invalidField(field, `unknown category "${slug}"`);
  if (!row.active) throw invalidField(field, `category "${slug}" is no longer offered`);
}

function assertTimeZone(value: string | undefined): void {
  if (value !== undefined && !isTimeZone(value)) {
    throw invalidField('body.timeZone', `"${value}" is not an IANA time zone`);
  }
}

/** Runs `work` on a locked event the principal may manage, then refreshes it. */
export async function mutateEvent(
  platform: Platform,
  principal: Principal | null,
  id: number,
  check: PreconditionCheck | undefined,
  work: (tx: Tx, row: EventRow) => Promise<void>,
  options: { minRole?: OrganizerRole; editable?: boolean } = {},
): Promise<EventView> {
  const view = await platform.database.transaction(async (tx) => {
    const row = await findEventRow(tx, id, true);
    if (!row) throw eventNotFound();
    await assertCanManage(tx, principal, row.organizerId, options.minRole ?? 'manager');
    if (check) {
      const current = await loadEventView(tx, id);
      check(eventEtag(current!));
    }
    if (options.editable !== false) assertEditable(row.status);
    await work(tx, row);
    await touchEvent(tx, id);
    await refreshEvents(tx, [id]);
    return (await loadEventView(tx, id))!;
  });
  eventChanged(id);
  return view;
}

/** The events table's reference to identity's organizers. */
const ORGANIZER_FK = 'events_organizer_id_organizers_id_fk';

/** Creates a draft for an organizer the caller manages, optionally from a template. */
export async function createEvent(
  platform: Platform,
  principal: Principal | null,
  input: EventCreate,
): Promise<EventView> {
  return platform.database.transaction(async (tx) => {
    await assertCanManage(tx, principal, input.organizerId);
    let template: TemplateRow | undefined;
    if (input.templateId !== undefined) {
      template = await findTemplate(tx, input.templateId);
      if (!template) throw invalidField('body.templateId', `no template ${input.templateId}`);
    }
    const title = input.title ?? (template?.title || template?.name);
    if (!title) throw invalidField('body.title', 'is required (or give a templateId)');
    const category = input.category ?? template?.category;
    if (!category) throw invalidField('body.category', 'is required (or give a templateId)');
    await assertCategory(tx, category);
    assertTimeZone(input.timeZone);
    const [organizer] = await tx
      .select({ name: catalogOrganizers.name })
      .from(catalogOrganizers)
      .where(eq(catalogOrganizers.id, input.organizerId));
    const [row] = await tx
      .insert(events)
      .values({
        organizerId: input.organizerId,
        organizerName: organizer?.name ?? '',
        title: title.trim(),
        description: input.description ?? template?.description ?? '',
        category,
        tags: normalizeTags(input.tags ?? template?.tags ?? []),
        image: input.image ?? null,
        visibility: input.visibility ?? 'public',
        timeZone: input.timeZone ?? 'UTC',
        templateId: template?.id ?? null,
      })
      .returning({ id: events.id })
      .catch((error: unknown) => {
        // Only an admin gets this far for an organizer id that does not exist.
        if (isForeignKeyViolation(error, ORGANIZER_FK))
          throw invalidField('body.organizerId', 'is not an existing organizer');
        throw error;
      });
    const id = row!.id;
    const duration = (template?.defaultDurationMinutes ?? 120) * 60_000;
    for (const [index, o] of (input.occurrences ?? []).entries()) {
      const endsAt = o.endsAt ?? new Date(Date.parse(o.startsAt) + duration).toISOString();
      await insertOccurrence(tx, id, { ...o, id: undefined, endsAt }, `body.occurrences.${index}`);
    }
    const types = input.ticketTypes ?? template?.ticketTypes ?? [];
    for (const [index, t] of types.entries()) {
      await insertTicketType(tx, id, { ...t, id: undefined }, `body.ticketTypes.${index}`);
    }
    await refreshEvents(tx, [id]);
    return (await loadEventView(tx, id))!;
  });
}

async function applyFields(tx: Tx, id: number, input: EventPatch, replace: boolean) {
  if (input.category !== undefined) await assertCategory(tx, input.category);
  assertTimeZone(input.timeZone);
  const defaults = replace
    ? { description: '', tags: [] as string[], image: null, visibility: 'public' as const }
    : {};
  const fields = { ...defaults, ...input };
  await tx
    .update(events)
    .set({
      title: fields.title?.trim(),
      description: fields.description,
      category: fields.category,
      tags: fields.tags ? normalizeTags(fields.tags) : undefined,
      image: fields.image,
      visibility: fields.visibility,
      timeZone: fields.timeZone,
    })
    .where(eq(events.id, id));
  if (input.occurrences) await syncOccurrences(tx, id, input.occurrences);
  if (input.ticketTypes) await syncTicketTypes(tx, id, input.ticketTypes);
}

/** PUT: replaces the event's fields (and its parts when listed). */
export const replaceEvent = (
  platform: Platform,
  principal: Principal | null,
  id: number,
  input: EventReplace,
  check?: PreconditionCheck,
) => mutateEvent(platform, principal, id, check, (tx) => applyFields(tx, id, input, true));

/** PATCH: changes only the given fields. */
export const patchEvent = (
  platform: Platform,
  principal: Principal | null,
  id: number,
  input: EventPatch,
  check?: PreconditionCheck,
) => mutateEvent(platform, principal, id, check, (tx) => applyFields(tx, id, input, false));

/** Publishes a complete draft: a future occurrence and a ticket type are required. */
export const publishEvent = (platform: Platform, principal: Principal | null, id: number) =>
  mutateEvent(platform, principal, id, undefined, async (tx, row) => {
    if (row.status !== 'draft') {
      throw new AppError('CATALOG.EVENT_NOT_DRAFT', 409, `The event is already ${row.status}.`);
    }
    const view = (await loadEventView(tx, id))!;
    const problems = [];
    if (!view.occurrences.some((o) => Date.parse(o.startsAt) > Date.now())) {
      problems.push({
        field: 'occurrences',
        message: 'needs at least one occurrence in the future',
      });
    }
    if (view.ticketTypes.length === 0) {
      problems.push({ field: 'ticketTypes', message: 'needs at least one ticket type' });
    }
    await assertCategory(tx, view.category, 'category');
    if (problems.length) {
      throw new AppError(
        'CATALOG.EVENT_INCOMPLETE',
        422,
        `The event cannot be published: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}.`,
        undefined,
        problems,
      );
    }
    await tx
      .update(events)
      .set({ status: 'published', publishedAt: sql`now()` })
      .where(eq(events.id, id));
    await addEvent(tx, { name: CATALOG_EVENTS.eventPublished, payload: { eventId: id } });
  });

/**
 * Cancels a draft or published event, with the organizer's reason if given,
 * and tells ticketing and notifications. Downstream cancellation steps run
 * in the same transaction, so the answer shows the seats already given back.
 */
export const cancelEvent = (
  platform: Platform,
  principal: Principal | null,
  id: number,
  input: { reason?: string } = {},
) =>
  mutateEvent(platform, principal, id, undefined, async (tx) => {
    const reason = input.reason?.trim() || null;
    await tx
      .update(events)
      .set({ status: 'cancelled', cancelledAt: sql`now()`, cancelReason: reason })
      .where(eq(events.id, id));
    await runCancellationSteps(platform, tx, id);
    await addEvent(tx, {
      name: CATALOG_EVENTS.eventCancelled,
      payload: { eventId: id, reason } satisfies EventCancelledPayload,
    });
  });

/** Deletes an event nothing was sold of; otherwise it must be cancelled instead. */
export async function deleteEvent(
  platform: Platform,
  principal: Principal | null,
  id: number,
  check?: PreconditionCheck,
): Promise<void> {
  await platform.database.transaction(async (tx) => {
    const row = await findEventRow(tx, id, true);
    if (!row) throw eventNotFound();
    await assertCanManage(tx, principal, row.organizerId);
    if (check) check(eventEtag((await loadEventView(tx, id))!));
    if ((await ticketsTaken(tx, id)) > 0) {
      throw new AppError(
        'CATALOG.EVENT_HAS_SALES',
        409,
        'Tickets of this event were sold or are held: cancel it instead of deleting it.',
      );
    }
    await tx.delete(events).where(and(eq(events.id, id)));
    await addEvent(tx, { name: CATALOG_EVENTS.eventDeleted, payload: { eventId: id } });
  });
  eventChanged(id);
}
