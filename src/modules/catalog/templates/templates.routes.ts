import { Type } from 'typebox';
import { Envelope, ListEnvelope, ok, page, problems } from '../../../platform/http/envelope.js';
import { pageRequest } from '../../../platform/http/pagination.js';
import type { App } from '../../../platform/http/types.js';
import {
  Template,
  TemplateCreate,
  TemplateListQuery,
  TemplateParams,
  TemplatePatch,
} from './templates.schemas.js';
import {
  changeTemplate,
  createTemplate,
  deleteTemplate,
  getTemplate,
  listTemplates,
} from './templates.service.js';
import type { CatalogContext } from '../catalog.context.js';

const write = { permission: 'templates:write' as const };
const secured = [{ bearerAuth: [] }];

/** Event templates (seed 004's "available events"): presets to create drafts from. */
export async function templateRoutes(app: App, ctx: CatalogContext): Promise<void> {
  app.get(
    '/v1/event-templates',
    {
      schema: {
        summary: 'Search event templates',
        tags: ['catalog'],
        querystring: TemplateListQuery,
        response: { 200: ListEnvelope(Template), ...problems(400) },
      },
    },
    async (request) => {
      const paging = pageRequest(request.query);
      const { items, total } = await listTemplates(ctx, request.query, paging);
      return page(items, { page: paging.page, limit: paging.limit, total });
    },
  );

  app.get(
    '/v1/event-templates/:id',
    {
      schema: {
        summary: 'Get an event template',
        tags: ['catalog'],
        params: TemplateParams,
        response: { 200: Envelope(Template), ...problems(400, 404) },
      },
    },
    async (request) => ok(await getTemplate(ctx, request.params.id)),
  );

  app.post(
    '/v1/event-templates',
    {
      config: write,
      schema: {
        summary: 'Create an event template (organizers and admins)',
        tags: ['catalog'],
        security: secured,
        body: TemplateCreate,
        response: { 201: Envelope(Template), ...problems(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(ok(await createTemplate(ctx, request.principal!, request.body))),
  );

  app.patch(
    '/v1/event-templates/:id',
    {
      config: write,
      schema: {
        summary: 'Change an event template (its author or an admin)',
        tags: ['catalog'],
        security: secured,
        params: TemplateParams,
        body: TemplatePatch,
        response: { 200: Envelope(Template), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) =>
      ok(await changeTemplate(ctx, request.principal, request.params.id, request.body)),
  );

  app.delete(
    '/v1/event-templates/:id',
    {
      config: write,
      schema: {
        summary: 'Delete an event template (events made from it stay)',
        tags: ['catalog'],
        security: secured,
        params: TemplateParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteTemplate(ctx, request.principal, request.params.id);
      return reply.code(204).send(null);
    },
  );
}
