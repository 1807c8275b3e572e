/**
 * Human messages for schema checks whose own message would show a raw regular
 * expression or format name: a client reads an example of what is expected.
 */
import { ACCEPTED_RANGE } from './dates.js';

const patternMessages = new Map<string, string>();

const FORMAT_MESSAGES: Record<string, string> = {
  'date-time': `must be an ISO 8601 date-time of a year ${ACCEPTED_RANGE}, such as 2027-05-01T19:30:00Z`,
  date: `must be an ISO 8601 date of a year ${ACCEPTED_RANGE}, such as 2027-05-01`,
  uuid: 'must be a UUID such as 3f2c1b9e-8d4a-4c6b-9a1e-2b7d5f0c4e81',
  uri: 'must be an absolute URL such as https://example.org/page',
};

/** Registers the message a failed `pattern` check reads as; returns the pattern for the schema. */
export function describedPattern(pattern: string, message: string): string {
  patternMessages.set(pattern, message);
  return pattern;
}

/** The human message for an Ajv issue, when one is known. */
export function humanMessage(issue: {
  keyword: string;
  params: Record<string, unknown>;
}): string | undefined {
  if (issue.keyword === 'pattern' && typeof issue.params.pattern === 'string') {
    return patternMessages.get(issue.params.pattern);
  }
  if (issue.keyword === 'format' && typeof issue.params.format === 'string') {
    return FORMAT_MESSAGES[issue.params.format];
  }
  return undefined;
}
