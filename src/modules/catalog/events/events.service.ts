import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/database.js';
import { AppError, invalidField } from '../../../platform/http/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { assertCanManage, type OrganizerRole } from '../catalog.access.js';
import { CATALOG_EVENTS, catalogEvents } from '../catalog.events.js';
import { catalogOrganizers, events } from '../catalog.tables.js';
import { findCategory } from '../categories/categories.repository.js';
import { findTemplate, type TemplateRow } from '../templates/templates.repository.js';
import { isTimeZone } from '../../../platform/time-zones.js';
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
  assertKeepsParts,
  insertOccurrence,
  insertTicketType,
  syncOccurrences,
  syncTicketTypes,
  ticketsTaken,
} from './parts.service.js';
import { dropEventMedia, removeMediaFiles } from '../media/media.service.js';
import { isForeignKeyViolation } from '../../../platform/db/errors.js';
import { CATALOG_ERRORS } from '../catalog.errors.js';
import type { CatalogContext } from '../catalog.context.js';

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

/**
 * An edit's work; it returns `false` when it changed nothing (an empty PATCH),
 * so the event keeps its version and ETag.
 */
export type EventWork = (tx: Tx, row: EventRow) => Promise<boolean | void>;

/** Runs `work` on a locked event the principal may manage, then refreshes it. */
export async function mutateEvent(
  ctx: CatalogContext,
  principal: Principal | null,
  id: number,
  check: PreconditionCheck | undefined,
  work: EventWork,
  options: { minRole?: OrganizerRole; editable?: boolean } = {},
): Promise<EventView> {
  let changed = true;
  const view = await ctx.platform.database.transaction(async (tx) => {
    const row = await findEventRow(tx, id, true);
    if (!row) throw eventNotFound();
    await assertCanManage(ctx, tx, principal, row.organizerId, options.minRole ?? 'manager');
    if (check) {
      const current = await loadEventView(tx, id);
      check(eventEtag(current!));
    }
    if (options.editable !== false) assertEditable(row.status);
    changed = (await work(tx, row)) !== false;
    if (changed && row.status === 'published') await assertKeepsParts(tx, id);
    if (changed) {
      await touchEvent(tx, id);
      await refreshEvents(tx, [id]);
    }
    return (await loadEventView(tx, id))!;
  });
  if (changed) ctx.cache.invalidate(id);
  return view;
}

/**
 * The organizer's name as the catalogue knows it ('' until identity's event
 * arrives), taken with a lock on its catalog_organizers row, created empty if
 * need be. The name subscriber upserts that row first, so whichever runs
 * second waits for the other's commit: either this transaction reads the
 * name, or the subscriber's later UPDATE of the organizer's events sees the
 * event written here. Without the lock a subscriber that ran in between
 * would find no event to name and the event would keep ''.
 */
async function lockOrganizerName(tx: Tx, organizerId: string, knownName = ''): Promise<string> {
  // A writer that got the organizer from identity in this very write (created
  // it, maybe) hands its name in: the catalogue then shows it at once instead
  // of '' until identity's event is delivered, which says the same name.
  const [row] = await tx
    .insert(catalogOrganizers)
    .values({ id: organizerId, name: knownName })
    .onConflictDoUpdate({
      target: catalogOrganizers.id,
      set: {
        name: sql`CASE WHEN ${catalogOrganizers.name} = '' THEN excluded.name ELSE ${catalogOrganizers.name} END`,
      },
    })
    .returning({ name: catalogOrganizers.name });
  return row!.name;
}

/** The events table's reference to identity's organizers. */
const ORGANIZER_FK = 'catalog_events_organizer_id_identity_organizers_id_fk';

/**
 * Creates a draft for an organizer the caller manages, optionally from a
 * template; `organizerName` is the organizer's name as identity gave it to the
 * caller (see lockOrganizerName).
 */
export async function createEvent(
  ctx: CatalogContext,
  principal: Principal | null,
  input: EventCreate & { organizerName?: string },
): Promise<EventView> {
  return ctx.platform.database.transaction(async (tx) => {
    await assertCanManage(ctx, tx, principal, input.organizerId);
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
    const organizerName = await lockOrganizerName(tx, input.organizerId, input.organizerName);
    const [row] = await tx
      .insert(events)
      .values({
        organizerId: input.organizerId,
        organizerName,
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

/**
 * The organizer a write names, found or created through identity inside the
 * write's transaction: a write refused later leaves no organizer behind.
 */
export type OrganizerChoice = (tx: Tx) => Promise<{ id: string; name: string }>;

/** What a replace may also change: the organizer (Tickest's PUT names it). */
export type EventReplaceInput = EventReplace & { organizer?: OrganizerChoice };

/** Moves the event to another organizer the principal manages, with that organizer's name. */
async function moveToOrganizer(
  ctx: CatalogContext,
  tx: Tx,
  principal: Principal | null,
  row: EventRow,
  choose: OrganizerChoice | undefined,
): Promise<void> {
  if (!choose) return;
  const organizer = await choose(tx);
  if (organizer.id === row.organizerId) return;
  await assertCanManage(ctx, tx, principal, organizer.id);
  const organizerName = await lockOrganizerName(tx, organizer.id, organizer.name);
  await tx
    .update(events)
    .set({ organizerId: organizer.id, organizerName })
    .where(eq(events.id, row.id));
}

/** Writes the given fields and parts; false when the input names none (nothing changed). */
async function applyFields(
  tx: Tx,
  id: number,
  input: EventPatch,
  replace: boolean,
): Promise<boolean> {
  if (input.category !== undefined) await assertCategory(tx, input.category);
  assertTimeZone(input.timeZone);
  const defaults = replace
    ? { description: '', tags: [] as string[], image: null, visibility: 'public' as const }
    : {};
  const fields = { ...defaults, ...input };
  const columns = {
    title: fields.title?.trim(),
    description: fields.description,
    category: fields.category,
    tags: fields.tags ? normalizeTags(fields.tags) : undefined,
    image: fields.image,
    visibility: fields.visibility,
    timeZone: fields.timeZone,
  };
  // A PATCH of parts alone sets no column here (an empty SET is an SQL error).
  const setsColumns = Object.values(columns).some((v) => v !== undefined);
  if (setsColumns) await tx.update(events).set(columns).where(eq(events.id, id));
  if (input.occurrences) await syncOccurrences(tx, id, input.occurrences);
  if (input.ticketTypes) await syncTicketTypes(tx, id, input.ticketTypes);
  return (
    replace || setsColumns || input.occurrences !== undefined || input.ticketTypes !== undefined
  );
}

/**
 * Runs an edit that may set the image; an uploaded image it replaces is
 * forgotten with the edit and its file deleted after commit.
 */
async function editWithImage(
  ctx: CatalogContext,
  principal: Principal | null,
  id: number,
  check: PreconditionCheck | undefined,
  image: string | null | undefined,
  work: EventWork,
): Promise<EventView> {
  let replaced: string[] = [];
  const view = await mutateEvent(ctx, principal, id, check, async (tx, row) => {
    const changed = await work(tx, row);
    if (image !== undefined) replaced = await dropEventMedia(tx, id, image);
    return changed;
  });
  await removeMediaFiles(ctx, replaced);
  return view;
}

/** PUT: replaces the event's fields (and its parts when listed), and its organizer when given. */
export const replaceEvent = (
  ctx: CatalogContext,
  principal: Principal | null,
  id: number,
  { organizer, ...input }: EventReplaceInput,
  check?: PreconditionCheck,
) =>
  editWithImage(ctx, principal, id, check, input.image ?? null, async (tx, row) => {
    await moveToOrganizer(ctx, tx, principal, row, organizer);
    return applyFields(tx, id, input, true);
  });

/** PATCH: changes only the given fields. */
export const patchEvent = (
  ctx: CatalogContext,
  principal: Principal | null,
  id: number,
  input: EventPatch,
  check?: PreconditionCheck,
) =>
  editWithImage(ctx, principal, id, check, input.image, (tx) => applyFields(tx, id, input, false));

/**
 * Publishes a complete draft: a future occurrence and a ticket type are
 * required. `allowPast` (the Tickest API, which stores events whatever their
 * dates) accepts an event whose occurrences are all past.
 */
export const publishEvent = (
  ctx: CatalogContext,
  principal: Principal | null,
  id: number,
  options: { allowPast?: boolean } = {},
) =>
  mutateEvent(ctx, principal, id, undefined, async (tx, row) => {
    if (row.status !== 'draft') {
      throw new AppError(CATALOG_ERRORS.eventNotDraft, 409, `The event is already ${row.status}.`);
    }
    const view = (await loadEventView(tx, id))!;
    const problems = [];
    const isFuture = (o: { startsAt: string }) => Date.parse(o.startsAt) > Date.now();
    if (options.allowPast ? view.occurrences.length === 0 : !view.occurrences.some(isFuture)) {
      problems.push({
        field: 'occurrences',
        message: options.allowPast
          ? 'needs at least one occurrence'
          : 'needs at least one occurrence in the future',
      });
    }
    if (view.ticketTypes.length === 0) {
      problems.push({ field: 'ticketTypes', message: 'needs at least one ticket type' });
    }
    await assertCategory(tx, view.category, 'category');
    if (problems.length) {
      throw new AppError(
        CATALOG_ERRORS.eventIncomplete,
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
    await catalogEvents.emit(tx, CATALOG_EVENTS.eventPublished, { eventId: id });
  });

/**
 * Cancels a draft or published event, with the organizer's reason if given,
 * and tells ticketing and notifications. Downstream cancellation steps run
 * in the same transaction, so the answer shows the seats already given back.
 */
export const cancelEvent = (
  ctx: CatalogContext,
  principal: Principal | null,
  id: number,
  input: { reason?: string } = {},
) =>
  mutateEvent(ctx, principal, id, undefined, async (tx) => {
    const reason = input.reason?.trim() || null;
    await tx
      .update(events)
      .set({ status: 'cancelled', cancelledAt: sql`now()`, cancelReason: reason })
      .where(eq(events.id, id));
    for (const step of ctx.cancellationSteps) await step(tx, id);
    await catalogEvents.emit(tx, CATALOG_EVENTS.eventCancelled, { eventId: id, reason });
  });

/**
 * Deletes an event nothing was sold of. An event with orders stays (cancelled
 * or completed) for them: its organizer still owes refunds on them and buyers'
 * orders refer to it, so DELETE answers 409 and says to cancel it instead.
 */
export async function deleteEvent(
  ctx: CatalogContext,
  principal: Principal | null,
  id: number,
  check?: PreconditionCheck,
): Promise<void> {
  let dropped: string[] = [];
  await ctx.platform.database.transaction(async (tx) => {
    const row = await findEventRow(tx, id, true);
    if (!row) throw eventNotFound();
    await assertCanManage(ctx, tx, principal, row.organizerId);
    if (check) check(eventEtag((await loadEventView(tx, id))!));
    if (row.hasOrders) {
      throw new AppError(
        CATALOG_ERRORS.eventHasOrders,
        409,
        row.status === 'cancelled'
          ? 'The event has orders and stays, cancelled, for them (refunds and buyers’ history): it cannot be deleted.'
          : 'The event has orders, so it cannot be deleted: cancel it instead (it stays, cancelled, for its orders).',
      );
    }
    if ((await ticketsTaken(tx, id)) > 0) {
      throw new AppError(
        CATALOG_ERRORS.eventHasSales,
        409,
        'Tickets of this event were sold or are held: cancel it instead of deleting it.',
      );
    }
    dropped = await dropEventMedia(tx, id);
    await tx.delete(events).where(and(eq(events.id, id)));
    await catalogEvents.emit(tx, CATALOG_EVENTS.eventDeleted, { eventId: id });
  });
  ctx.cache.invalidate(id);
  await removeMediaFiles(ctx, dropped);
}
