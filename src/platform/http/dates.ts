/**
 * The one reader of dates in requests. A date must exist on the calendar as
 * written (no 2026-02-30 rolled over to March) and its instant must fall
 * within the years 1900 to 9999: PostgreSQL has no year 0, JavaScript writes
 * years past 9999 as "+010000-...", and neither range means anything for an
 * event. Ajv's `date` and `date-time` formats and the query parsers of both
 * APIs all answer through here.
 */

export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 9999;
const EARLIEST = Date.UTC(EARLIEST_YEAR, 0, 1);
const LATEST = Date.UTC(LATEST_YEAR, 11, 31, 23, 59, 59, 999);

/** Whether an instant (epoch ms) is within the accepted years. */
export const isAcceptedInstant = (ms: number) => ms >= EARLIEST && ms <= LATEST;

/** The accepted range in words, for messages. */
export const ACCEPTED_RANGE = `from ${EARLIEST_YEAR} to ${LATEST_YEAR}`;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?([Zz]|[+-]\d{2}:?\d{2})?$/;
/** RFC 3339's date-time (Ajv's `date-time`): seconds and a zone are required. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:?\d{2})$/;

function offsetMinutes(zone: string | undefined): number | undefined {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(-2));
  if (hours > 23 || minutes > 59) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * An ISO 8601 date (`2027-05-01`, its first or, with `endOfDay`, last
 * millisecond in UTC) or date-time (seconds optional; no zone means UTC), or
 * undefined when it is no real date or falls outside the accepted years.
 */
export function parseInstant(raw: string, endOfDay = false): Date | undefined {
  const day = DATE_ONLY.exec(raw);
  const time = day ? undefined : DATE_TIME.exec(raw);
  const edge = endOfDay ? ['23', '59', '59', '999'] : ['00', '00', '00', ''];
  const parts = day ? [...day.slice(1, 4), ...edge] : time?.slice(1, 8);
  if (!parts) return undefined;
  const [year, month, date, hour, minute, second] = parts.slice(0, 6).map(Number) as number[];
  const offset = offsetMinutes(time?.[8]);
  if (year! < EARLIEST_YEAR || year! > LATEST_YEAR || offset === undefined) return undefined;
  if (hour! > 23 || minute! > 59 || second! > 59) return undefined;
  const ms = Number((parts[6] ?? '').slice(0, 3).padEnd(3, '0'));
  const at = new Date(Date.UTC(year!, month! - 1, date!, hour, minute, second || 0, ms));
  // Date.UTC rolls 2026-02-30 over to March 2: the date must read back as written.
  if (at.getUTCMonth() !== month! - 1 || at.getUTCDate() !== date) return undefined;
  at.setTime(at.getTime() - offset * 60_000);
  return isAcceptedInstant(at.getTime()) ? at : undefined;
}

/** Ajv's `date-time` format: RFC 3339, a real instant in range, read the same by Date.parse. */
function isDateTime(value: string): boolean {
  const at = RFC3339.test(value) ? parseInstant(value) : undefined;
  return at !== undefined && Date.parse(value) === at.getTime();
}

/** Ajv's `date` format: a real calendar date in range. */
const isDate = (value: string) => DATE_ONLY.test(value) && parseInstant(value) !== undefined;

/**
 * Replaces Ajv's `date` and `date-time` formats (Fastify's `ajv.onCreate`, which
 * runs after ajv-formats added its own): those accept year 0000, 10000 after a
 * zone shift, a leap second and "+01" offsets that JavaScript cannot read.
 */
export function addDateFormats(ajv: {
  addFormat(name: string, format: { type: 'string'; validate: (v: string) => boolean }): unknown;
}): void {
  ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
  ajv.addFormat('date', { type: 'string', validate: isDate });
}
