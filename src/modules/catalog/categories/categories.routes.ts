import { Type } from 'typebox';
import { Envelope, ok, problems } from '../../../platform/http/envelope.js';
import type { App } from '../../../platform/http/types.js';
import {
  Category,
  CategoryCreate,
  CategoryListQuery,
  CategoryParams,
  CategoryPatch,
} from './categories.schemas.js';
import {
  changeCategory,
  createCategory,
  deleteCategory,
  listCategories,
} from './categories.service.js';
import type { CatalogContext } from '../catalog.context.js';

const admin = { permission: 'categories:write' as const };
const secured = [{ bearerAuth: [] }];

/** The categories dictionary: public list, admin CRUD; a category in use can only be deactivated. */
export async function categoryRoutes(app: App, ctx: CatalogContext): Promise<void> {
  app.get(
    '/v1/categories',
    {
      schema: {
        summary: 'List categories (active ones unless includeInactive)',
        tags: ['catalog'],
        querystring: CategoryListQuery,
        response: { 200: Envelope(Type.Array(Category)), ...problems(400) },
      },
    },
    async (request) => ok(await listCategories(ctx, request.query.includeInactive === true)),
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
    async (request, reply) => reply.code(201).send(ok(await createCategory(ctx, request.body))),
  );

  app.patch(
    '/v1/categories/:slug',
    {
      config: admin,
      schema: {
        summary: 'Change or deactivate a category (admin)',
        tags: ['catalog'],
        security: secured,
        params: CategoryParams,
        body: CategoryPatch,
        response: { 200: Envelope(Category), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => ok(await changeCategory(ctx, request.params.slug, request.body)),
  );

  app.delete(
    '/v1/categories/:slug',
    {
      config: admin,
      schema: {
        summary: 'Delete an unused category (admin); deactivate one in use instead',
        tags: ['catalog'],
        security: secured,
        params: CategoryParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await deleteCategory(ctx, request.params.slug);
      return reply.code(204).send(null);
    },
  );
}
