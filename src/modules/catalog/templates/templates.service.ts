import type { Executor } from '../../../platform/db/database.js';
import { AppError, forbidden, invalidField } from '../../../platform/http/errors.js';
import type { PageRequest } from '../../../platform/http/pagination.js';
import type { Principal } from '../../../platform/http/principal.js';
import { isAdmin } from '../catalog.access.js';
import { findCategory } from '../categories/categories.repository.js';
import { normalizeTags } from '../events/events.rules.js';
import * as repo from './templates.repository.js';
import type { TemplateCreate, TemplatePatch, TemplateView } from './templates.schemas.js';
import { CATALOG_ERRORS } from '../catalog.errors.js';
import type { CatalogContext } from '../catalog.context.js';

const view = (t: repo.TemplateRow): TemplateView => ({
  id: t.id,
  name: t.name,
  category: t.category,
  title: t.title,
  description: t.description,
  tags: t.tags,
  defaultDurationMinutes: t.defaultDurationMinutes,
  ticketTypes: t.ticketTypes,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});

const notFound = () =>
  new AppError(CATALOG_ERRORS.templateNotFound, 404, 'The template was not found.');

/** Templates may use any known category, even one no longer offered for new events. */
/** The category exists, and stays until the transaction ends (its row is locked). */
async function assertCategory(tx: Executor, slug: string | undefined): Promise<void> {
  if (slug === undefined) return;
  if (!(await findCategory(tx, slug, true)))
    throw invalidField('body.category', `unknown category "${slug}"`);
}

/** The template, locked, if the principal wrote it or is an admin; 404 or 403 otherwise. */
async function ownedTemplate(
  db: Executor,
  principal: Principal | null,
  id: number,
): Promise<repo.TemplateRow> {
  const row = await repo.findTemplate(db, id, true);
  if (!row) throw notFound();
  if (!isAdmin(principal) && row.ownerUserId !== principal?.userId) {
    throw forbidden(
      'Only the template author or an admin may change it.',
      CATALOG_ERRORS.notTemplateOwner,
    );
  }
  return row;
}

/** One page of templates by name, optionally in a category or matching `q` in name or title. */
export async function listTemplates(
  ctx: CatalogContext,
  filter: { q?: string; category?: string },
  paging: PageRequest,
): Promise<{ items: TemplateView[]; total: number }> {
  const { rows, total } = await repo.searchTemplates(
    ctx.platform.database.db,
    { q: filter.q?.trim() || undefined, category: filter.category },
    paging,
  );
  return { items: rows.map(view), total };
}

export async function getTemplate(ctx: CatalogContext, id: number): Promise<TemplateView> {
  const row = await repo.findTemplate(ctx.platform.database.db, id);
  if (!row) throw notFound();
  return view(row);
}

/** Creates a template owned by the principal (organizers and admins). */
export function createTemplate(
  ctx: CatalogContext,
  principal: Principal,
  input: TemplateCreate,
): Promise<TemplateView> {
  return ctx.platform.database.transaction(async (tx) => {
    await assertCategory(tx, input.category);
    const row = await repo.insertTemplate(tx, {
      ...input,
      tags: normalizeTags(input.tags ?? []),
      ownerUserId: principal.userId,
    });
    return view(row);
  });
}

/** Changes a template; only its author or an admin may. */
export function changeTemplate(
  ctx: CatalogContext,
  principal: Principal | null,
  id: number,
  patch: TemplatePatch,
): Promise<TemplateView> {
  return ctx.platform.database.transaction(async (tx) => {
    await ownedTemplate(tx, principal, id);
    await assertCategory(tx, patch.category);
    const row = await repo.updateTemplate(tx, id, {
      ...patch,
      tags: patch.tags && normalizeTags(patch.tags),
    });
    return view(row!);
  });
}

/** Deletes a template (events made from it stay); only its author or an admin may. */
export async function deleteTemplate(
  ctx: CatalogContext,
  principal: Principal | null,
  id: number,
): Promise<void> {
  await ctx.platform.database.transaction(async (tx) => {
    await ownedTemplate(tx, principal, id);
    await repo.deleteTemplateRow(tx, id);
  });
}
