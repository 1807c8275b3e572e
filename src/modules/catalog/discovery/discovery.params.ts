import { ACCEPTED_RANGE, parseInstant } from '../../../platform/http/dates.js';
import { invalidField } from '../../../platform/http/errors.js';
import { parseSort } from '../../../platform/http/pagination.js';
import { SORT_FIELDS, type SortField } from './discovery.query.js';
import type { DiscoveryQueryString } from './discovery.schemas.js';
import type { DiscoveryFacet, DiscoveryQuery } from './discovery.service.js';

function parseDate(raw: string | undefined, field: string, endOfDay: boolean): Date | undefined {
  if (raw === undefined) return undefined;
  const value = parseInstant(raw, endOfDay);
  if (!value) {
    throw invalidField(
      field,
      `"${raw}" is not a valid date of a year ${ACCEPTED_RANGE}; use one such as 2027-05-01`,
    );
  }
  return value;
}

const splitList = (values: string[] | undefined) =>
  values
    ?.flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

const FACETS: readonly DiscoveryFacet[] = ['category', 'city', 'price'];

function parseFacets(raw: string | undefined): DiscoveryFacet[] {
  const facets = (raw ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  for (const facet of facets) {
    if (!FACETS.includes(facet as DiscoveryFacet)) {
      throw invalidField(
        'query.facets',
        `unknown facet "${facet}"; allowed: category, city, price`,
      );
    }
  }
  return facets as DiscoveryFacet[];
}

/**
 * An event search from its query string (comma lists, `lat,lng`, dates,
 * `sort=field,-other`), with a 400 naming any parameter that cannot be read.
 */
export function discoveryQueryOf(q: Omit<DiscoveryQueryString, 'sort'> & { sort?: string }) {
  const { category, tags, near, radiusKm, dateFrom, dateTo, sort, facets, ...rest } = q;
  const query: DiscoveryQuery = { ...rest };
  if (category) query.categories = splitList(category);
  if (tags) query.tags = splitList(tags);
  if (near) {
    const [lat, lng] = near.split(',').map(Number) as [number, number];
    query.near = { lat, lng, radiusKm };
  } else if (radiusKm !== undefined) throw invalidField('query.radiusKm', 'needs near=lat,lng');
  query.dateFrom = parseDate(dateFrom, 'query.dateFrom', false);
  query.dateTo = parseDate(dateTo, 'query.dateTo', true);
  query.sort = parseSort<SortField>(sort, SORT_FIELDS, []);
  query.facets = parseFacets(facets);
  return query;
}
