import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { Type } from 'typebox';
import type { Executor } from '../../platform/db/database.js';
import { Envelope, ListEnvelope, ok, page, problems } from '../../platform/http/envelope.js';
import { AppError, forbidden, invalidField } from '../../platform/http/errors.js';
import { PaginationQuery, pageRequest } from '../../platform/http/pagination.js';
import type { Principal } from '../../platform/http/principal.js';
import type { App } from '../../platform/http/types.js';
import { isAdmin } from './catalog.access.js';
import { categories, eventTemplates } from './catalog.tables.js';
import { escapeLike } from './discovery.query.js';
import { normalizeTags } from './events.rules.js';
import { Slug } from './events.schemas.js';

const TemplateTicketType = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    priceMinor: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
    capacity: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
    minPerOrder: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    maxPerOrder: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);

const Template = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  category: Type.String(),
  title: Type.String(),
  description: Type.String(),
  tags: Type.Array(Type.String()),
  defaultDurationMinutes: Type.Integer(),
  ticketTypes: Type.Array(TemplateTicketType),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

const fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  category: Slug,
  title: Type.String({ maxLength: 200 }),
  description: Type.String({ maxLength: 20_000 }),
  tags: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20 }),
  defaultDurationMinutes: Type.Integer({ minimum: 1, maximum: 60 * 24 * 30 }),
  ticketTypes: Type.Array(TemplateTicketType, { maxItems: 50 }),
};
const TemplateCreate = Type.Object(
  { ...Type.Partial(Type.Object(fields)).properties, name: fields.name, category: fields.category },
  { additionalProperties: false },
);
const TemplatePatch = Type.Partial(Type.Object(fields), { additionalProperties: false });
const Params = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) });
const write = { permission: 'templates:write' as const };
const secured = [{ bearerAuth: [] }];

type Row = typeof eventTemplates.$inferSelect;
const view = (t: Row) => ({
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
  new AppError('CATALOG.TEMPLATE_NOT_FOUND', 404, 'The template was not found.');

async function assertCategory(db: Executor, slug: string | undefined) {
  if (slug === undefined) return;
  const [row] = await db
    .select({ slug: categories.slug })
    .from(categories)
    .where(eq(categories.slug, slug));
  if (!row) throw invalidField('body.category', `unknown category "${slug}"`);
}

async function ownedTemplate(db: Executor, principal: Principal | null, id: number): Promise<Row> {
  const [row] = await db.select().from(eventTemplates).where(eq(eventTemplates.id, id));
  if (!row) throw notFound();
  if (!isAdmin(principal) && row.ownerUserId !== principal?.userId) {
    throw forbidden(
      'Only the template author or an admin may change it.',
      'CATALOG.NOT_TEMPLATE_OWNER',
    );
  }
  return row;
}

/** Event templates (seed 004's "available events"): presets to create drafts from. */
export async function templateRoutes(app: App): Promise<void> {
  const { db } = app.platform.database;

  app.get(
    '/v1/event-templates',
    {
      schema: {
        summary: 'Search event templates',
        tags: ['catalog'],
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 100 })),
            category: Type.Optional(Slug),
            ...PaginationQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: ListEnvelope(Template), ...problems(400) },
      },
    },
    async (request) => {
      const { q, category } = request.query;
      const paging = pageRequest(request.query);
      const conditions: SQL[] = [];
      if (category) conditions.push(eq(eventTemplates.category, category));
      if (q?.trim()) {
        const like = `%${escapeLike(q.trim())}%`;
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
      return page(rows.map(view), { page: paging.page, limit: paging.limit, total: total?.n ?? 0 });
    },
  );

  app.get(
    '/v1/event-templates/:id',
    {
      schema: {
        summary: 'Get an event template',
        tags: ['catalog'],
        params: Params,
        response: { 200: Envelope(Template), ...problems(400, 404) },
      },
    },
    async (request) => {
      const [row] = await db
        .select()
        .from(eventTemplates)
        .where(eq(eventTemplates.id, request.params.id));
      if (!row) throw notFound();
      return ok(view(row));
    },
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
    async (request, reply) => {
      const body = request.body;
      await assertCategory(db, body.category);
      const [row] = await db
        .insert(eventTemplates)
        .values({
          ...body,
          tags: normalizeTags(body.tags ?? []),
          ownerUserId: request.principal!.userId,
        })
        .returning();
      return reply.code(201).send(ok(view(row!)));
    },
  );

  app.patch(
    '/v1/event-templates/:id',
    {
      config: write,
      schema: {
        summary: 'Change an event template (its author or an admin)',
        tags: ['catalog'],
        security: secured,
        params: Params,
        body: TemplatePatch,
        response: { 200: Envelope(Template), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await ownedTemplate(db, request.principal, request.params.id);
      const body = request.body;
      await assertCategory(db, body.category);
      const [row] = await db
        .update(eventTemplates)
        .set({ ...body, tags: body.tags && normalizeTags(body.tags), updatedAt: sql`now()` })
        .where(eq(eventTemplates.id, request.params.id))
        .returning();
      return ok(view(row!));
    },
  );

  app.delete(
    '/v1/event-templates/:id',
    {
      config: write,
      schema: {
        summary: 'Delete an event template (events made from it stay)',
        tags: ['catalog'],
        security: secured,
        params: Params,
        response: { 204: Type.Null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await ownedTemplate(db, request.principal, request.params.id);
      await db.delete(eventTemplates).where(eq(eventTemplates.id, request.params.id));
      return reply.code(204).send(null);
    },
  );
}
