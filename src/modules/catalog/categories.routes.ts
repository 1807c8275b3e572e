import { asc, count, eq, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { Envelope, ok, problems } from '../../platform/http/envelope.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import { AppError, conflict } from '../../platform/http/errors.js';
import type { App } from '../../platform/http/types.js';
import { categories, eventTemplates, events } from './catalog.tables.js';
import { Slug } from './events.schemas.js';

const Category = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  icon: Type.Union([Type.String(), Type.Null()]),
  sortOrder: Type.Integer(),
  active: Type.Boolean(),
});

const fields = {
  slug: Slug,
  name: Type.String({ minLength: 1, maxLength: 100 }),
  description: Type.String({ maxLength: 1000 }),
  icon: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]),
  sortOrder: Type.Integer({ minimum: 0, maximum: 100_000 }),
  active: Type.Boolean(),
};
const CategoryCreate = Type.Object(
  { ...Type.Partial(Type.Object(fields)).properties, slug: fields.slug, name: fields.name },
  { additionalProperties: false },
);
const CategoryPatch = Type.Partial(Type.Object(fields), { additionalProperties: false });
const Params = Type.Object({ slug: Slug });
const admin = { permission: 'categories:write' as const };
const secured = [{ bearerAuth: [] }];

const columns = {
  id: categories.id,
  slug: categories.slug,
  name: categories.name,
  description: categories.description,
  icon: categories.icon,
  sortOrder: categories.sortOrder,
  active: categories.active,
};

const notFound = () =>
  new AppError('CATALOG.CATEGORY_NOT_FOUND', 404, 'The category was not found.');

/** The categories dictionary: public list, admin CRUD; a category in use can only be deactivated. */
export async function categoryRoutes(app: App): Promise<void> {
  const { database } = app.platform;
  const { db } = database;

  app.get(
    '/v1/categories',
    {
      schema: {
        summary: 'List categories (active ones unless includeInactive)',
        tags: ['catalog'],
        querystring: Type.Object(
          { includeInactive: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { 200: Envelope(Type.Array(Category)), ...problems(400) },
      },
    },
    async (request) => {
      const rows = await db
        .select(columns)
        .from(categories)
        .where(request.query.includeInactive ? sql`true` : eq(categories.active, true))
        .orderBy(asc(categories.sortOrder), asc(categories.slug));
      return ok(rows);
    },
  );

  app.post(
    '/v1/categories',
    {
      config: admin,
      schema: {
        summary: 'Create a category (admin)',
        tags: ['catalog'],
        security: secured,
        body: CategoryCreate,
        response: { 201: Envelope(Category), ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      try {
        const [row] = await db.insert(categories).values(request.body).returning(columns);
        return reply.code(201).send(ok(row!));
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw conflict('CATALOG.CATEGORY_EXISTS', `A category "${request.body.slug}" exists.`);
        }
        throw error;
      }
    },
  );

  app.patch(
    '/v1/categories/:slug',
    {
      config: admin,
      schema: {
        summary: 'Change or deactivate a category (admin)',
        tags: ['catalog'],
        security: secured,
        params: Params,
        body: CategoryPatch,
        response: { 200: Envelope(Category), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      try {
        const rows = await db
          .update(categories)
          .set({ ...request.body, updatedAt: sql`now()` })
          .where(eq(categories.slug, request.params.slug))
          .returning(columns);
        if (!rows[0]) throw notFound();
        return ok(rows[0]);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw conflict('CATALOG.CATEGORY_EXISTS', `A category "${request.body.slug}" exists.`);
        }
        throw error;
      }
    },
  );

  app.delete(
    '/v1/categories/:slug',
    {
      config: admin,
      schema: {
        summary: 'Delete an unused category (admin); deactivate one in use instead',
        tags: ['catalog'],
        security: secured,
        params: Params,
        response: { 204: Type.Null(), ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { slug } = request.params;
      await database.transaction(async (tx) => {
        const [row] = await tx
          .select()
          .from(categories)
          .where(eq(categories.slug, slug))
          .for('update');
        if (!row) throw notFound();
        const [used] = await tx
          .select({ n: count() })
          .from(events)
          .where(eq(events.category, slug));
        const [templated] = await tx
          .select({ n: count() })
          .from(eventTemplates)
          .where(eq(eventTemplates.category, slug));
        const uses = (used?.n ?? 0) + (templated?.n ?? 0);
        if (uses > 0) {
          throw conflict(
            'CATALOG.CATEGORY_IN_USE',
            `The category is used by ${uses} events or templates; deactivate it instead (PATCH active=false).`,
            { uses },
          );
        }
        await tx.delete(categories).where(eq(categories.slug, slug));
      });
      return reply.code(204).send(null);
    },
  );
}
