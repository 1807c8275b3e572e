import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/database.js';
import type { PageRequest } from '../../../platform/http/pagination.js';
import { eventTemplates } from '../catalog.tables.js';
import { escapeLike } from '../discovery/discovery.query.js';

export type TemplateRow = typeof eventTemplates.$inferSelect;
type TemplateValues = Omit<typeof eventTemplates.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

/** One page of templates by name (optionally in a category, `q` in name or title) and the total. */
export async function searchTemplates(
  db: Executor,
  filter: { q?: string; category?: string },
  paging: PageRequest,
): Promise<{ rows: TemplateRow[]; total: number }> {
  const conditions: SQL[] = [];
  if (filter.category) conditions.push(eq(eventTemplates.category, filter.category));
  if (filter.q) {
    const like = `%${escapeLike(filter.q)}%`;
    conditions.push(or(ilike(eventTemplates.name, like), ilike(eventTemplates.title, like))!);
  }
  const where = conditions.length ? and(...conditions) : sql`true`;
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(eventTemplates)
      .where(where)
      .orderBy(asc(eventTemplates.name), asc(eventTemplates.id))
      .limit(paging.limit)
      .offset(paging.offset),
    db.select({ n: count() }).from(eventTemplates).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** One template, or undefined; locked when `forUpdate`. */
export async function findTemplate(
  db: Executor,
  id: number,
  forUpdate = false,
): Promise<TemplateRow | undefined> {
  const query = db.select().from(eventTemplates).where(eq(eventTemplates.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function insertTemplate(db: Executor, values: TemplateValues): Promise<TemplateRow> {
  const [row] = await db.insert(eventTemplates).values(values).returning();
  return row!;
}

/** Changes a template; undefined when it no longer exists. */
export async function updateTemplate(
  db: Executor,
  id: number,
  patch: Partial<TemplateValues>,
): Promise<TemplateRow | undefined> {
  const [row] = await db
    .update(eventTemplates)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(eventTemplates.id, id))
    .returning();
  return row;
}

export async function deleteTemplateRow(db: Executor, id: number): Promise<void> {
  await db.delete(eventTemplates).where(eq(eventTemplates.id, id));
}
