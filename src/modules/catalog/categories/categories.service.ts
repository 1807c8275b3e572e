import { isUniqueViolation } from '../../../platform/db/errors.js';
import { AppError, conflict } from '../../../platform/http/errors.js';
import * as repo from './categories.repository.js';
import type { CategoryCreate, CategoryPatch, CategoryView } from './categories.schemas.js';
import { CATALOG_ERRORS } from '../catalog.errors.js';
import type { CatalogContext } from '../catalog.context.js';

const notFound = () =>
  new AppError(CATALOG_ERRORS.categoryNotFound, 404, 'The category was not found.');

/** Runs `write`, answering 409 when the slug it sets is taken. */
async function withUniqueSlug<T>(slug: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict(CATALOG_ERRORS.categoryExists, `A category "${slug}" exists.`);
    }
    throw error;
  }
}

/** The dictionary in display order: active categories, or all of them. */
export function listCategories(ctx: CatalogContext, includeInactive: boolean) {
  return repo.selectCategories(ctx.platform.database.db, includeInactive);
}

/** Adds a category (admin); 409 when the slug is taken. */
export function createCategory(ctx: CatalogContext, input: CategoryCreate): Promise<CategoryView> {
  return withUniqueSlug(input.slug, () => repo.insertCategory(ctx.platform.database.db, input));
}

/** Changes or deactivates a category (admin); 404 when unknown, 409 when renamed onto a taken slug. */
export function changeCategory(
  ctx: CatalogContext,
  slug: string,
  patch: CategoryPatch,
): Promise<CategoryView> {
  return withUniqueSlug(patch.slug, async () => {
    const row = await repo.updateCategory(ctx.platform.database.db, slug, patch);
    if (!row) throw notFound();
    return row;
  });
}

/** Deletes a category no event or template uses; one in use can only be deactivated (409). */
export async function deleteCategory(ctx: CatalogContext, slug: string): Promise<void> {
  await ctx.platform.database.transaction(async (tx) => {
    if (!(await repo.findCategory(tx, slug, true))) throw notFound();
    const uses = await repo.countCategoryUses(tx, slug);
    if (uses > 0) {
      throw conflict(
        CATALOG_ERRORS.categoryInUse,
        `The category is used by ${uses} events or templates; deactivate it instead (PATCH active=false).`,
        { uses },
      );
    }
    await repo.deleteCategoryRow(tx, slug);
  });
}
