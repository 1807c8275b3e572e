import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/database.js';
import { pageRequest } from '../../../platform/http/pagination.js';
import { countQuery, pageQuery } from './discovery.query.js';
import { filtersOf, type DiscoveryQuery } from './discovery.service.js';

export interface SearchPlans {
  /** EXPLAIN (ANALYZE, BUFFERS) of the listing's page of ids. */
  page: string;
  /** The same for its total count. */
  count: string;
}

async function explain(db: Executor, query: SQL): Promise<string> {
  const rows = await db.execute<{ 'QUERY PLAN': string }>(
    sql`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${query}`,
  );
  return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
}

/**
 * The query plans a listing runs (the page and its count), executed: for the
 * benchmarks and for operators checking that an index serves a search.
 */
export async function searchPlans(
  db: Executor,
  query: DiscoveryQuery,
  publicOnly: boolean,
): Promise<SearchPlans> {
  const { filters, sort } = await filtersOf(db, query, publicOnly);
  const paging = pageRequest(query);
  return {
    page: await explain(db, pageQuery(filters, sort, paging)),
    count: await explain(db, countQuery(filters)),
  };
}
