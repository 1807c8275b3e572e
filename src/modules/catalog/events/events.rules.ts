import { ACCEPTED_RANGE, isAcceptedInstant } from '../../../platform/http/dates.js';
import { AppError, badRequest, type FieldError } from '../../../platform/http/errors.js';
import type { OccurrencePatch, TicketTypePatch } from './events.schemas.js';
import { CATALOG_ERRORS } from '../catalog.errors.js';

/** Lowercase, trimmed, spaces folded to dashes, duplicates removed. */
export function normalizeTags(tags: readonly string[]): string[] {
  const out = new Set<string>();
  for (const tag of tags) {
    const clean = tag
      .normalize('NFC')
      .trim()
      .toLowerCase()
      .replace(/^#/, '')
      .replace(/[\s_]+/g, '-')
      .replace(/[^\p{L}\p{N}-]/gu, '')
      .replace(/-+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40);
    if (clean) out.add(clean);
  }
  return [...out];
}

export const DEFAULT_DURATION_MS = 2 * 60 * 60 * 1000;

/** Field errors of an occurrence's times (the part a schema cannot say). */
export function occurrenceErrors(o: OccurrencePatch, field: string): FieldError[] {
  const errors: FieldError[] = [];
  if (o.startsAt && o.endsAt && Date.parse(o.endsAt) < Date.parse(o.startsAt)) {
    errors.push({ field: `${field}.endsAt`, message: 'must not be before startsAt' });
  }
  // A default end (startsAt plus the duration) may fall past the last accepted year.
  if (o.endsAt && !isAcceptedInstant(Date.parse(o.endsAt))) {
    errors.push({
      field: `${field}.endsAt`,
      message: `must be in a year ${ACCEPTED_RANGE} (without endsAt: startsAt plus the event's default duration)`,
    });
  }
  if ((o.latitude == null) !== (o.longitude == null)) {
    errors.push({ field: `${field}.longitude`, message: 'latitude and longitude go together' });
  }
  return errors;
}

/** Field errors of a ticket type's windows and order limits. */
export function ticketTypeErrors(t: TicketTypePatch, field: string): FieldError[] {
  const errors: FieldError[] = [];
  if (t.salesStart && t.salesEnd && Date.parse(t.salesEnd) < Date.parse(t.salesStart)) {
    errors.push({ field: `${field}.salesEnd`, message: 'must not be before salesStart' });
  }
  if (t.minPerOrder !== undefined && t.maxPerOrder !== undefined && t.maxPerOrder < t.minPerOrder) {
    errors.push({ field: `${field}.maxPerOrder`, message: 'must not be below minPerOrder' });
  }
  return errors;
}

/** Throws one 400 listing every field error, if any. */
export function assertNoErrors(errors: FieldError[]): void {
  if (errors.length) {
    throw badRequest(errors.map((e) => `${e.field} ${e.message}`).join('; '), errors);
  }
}

export const EDITABLE_STATUSES = ['draft', 'published'];

/** Cancelled and completed events are history: 409 on any edit. */
export function assertEditable(status: string): void {
  if (!EDITABLE_STATUSES.includes(status)) {
    throw new AppError(
      CATALOG_ERRORS.eventNotEditable,
      409,
      `The event is ${status} and can no longer be changed.`,
    );
  }
}

export const eventNotFound = () =>
  new AppError(CATALOG_ERRORS.eventNotFound, 404, 'The event was not found.');
