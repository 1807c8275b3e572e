import { asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../../platform/db/database.js';
import { categories, eventTemplates, events } from '../catalog.tables.js';
import type { CategoryCreate, CategoryPatch, CategoryView } from './categories.schemas.js';

const columns = {
  id: categories.id,
  slug: categories.slug,
  name: categories.name,
  description: categories.description,
  icon: categories.icon,
  sortOrder: categories.sortOrder,
  active: categories.active,
};

/** Categories in display order; inactive ones only when asked. */
export function selectCategories(db: Executor, includeInactive: boolean): Promise<CategoryView[]> {
  return db
    .select(columns)
    .from(categories)
    .where(includeInactive ? sql`true` : eq(categories.active, true))
    .orderBy(asc(categories.sortOrder), asc(categories.slug));
}

/** One category by slug (whether it is still offered), locked when `forUpdate`. */
export async function findCategory(
  db: Executor,
  slug: string,
  forUpdate = false,
): Promise<{ slug: string; active: boolean } | undefined> {
  const query = db
    .select({ slug: categories.slug, active: categories.active })
    .from(categories)
    .where(eq(categories.slug, slug));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** Which of `slugs` name a category. */
export async function existingSlugs(db: Executor, slugs: string[]): Promise<Set<string>> {
  const rows = await db
    .select({ slug: categories.slug })
    .from(categories)
    .where(inArray(categories.slug, slugs));
  return new Set(rows.map((r) => r.slug));
}

/** Inserts a category; a taken slug fails with a unique violation. */
export async function insertCategory(db: Executor, input: CategoryCreate): Promise<CategoryView> {
  const [row] = await db.insert(categories).values(input).returning(columns);
  return row!;
}

/** Changes a category; undefined when there is none with that slug. */
export async function updateCategory(
  db: Executor,
  slug: string,
  patch: CategoryPatch,
): Promise<CategoryView | undefined> {
  const [row] = await db
    .update(categories)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(categories.slug, slug))
    .returning(columns);
  return row;
}

/** How many events and templates refer to the category. */
export async function countCategoryUses(tx: Tx, slug: string): Promise<number> {
  const [used] = await tx.select({ n: count() }).from(events).where(eq(events.category, slug));
  const [templated] = await tx
    .select({ n: count() })
    .from(eventTemplates)
    .where(eq(eventTemplates.category, slug));
  return (used?.n ?? 0) + (templated?.n ?? 0);
}

export async function deleteCategoryRow(tx: Tx, slug: string): Promise<void> {
  await tx.delete(categories).where(eq(categories.slug, slug));
}
