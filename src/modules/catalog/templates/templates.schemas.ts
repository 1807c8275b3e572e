import { Type, type Static } from 'typebox';
import { PaginationQuery } from '../../../platform/http/pagination.js';
import { Slug } from '../events/events.schemas.js';

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

export const Template = Type.Object({
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
export type TemplateView = Static<typeof Template>;

const fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  category: Slug,
  title: Type.String({ maxLength: 200 }),
  description: Type.String({ maxLength: 20_000 }),
  tags: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20 }),
  defaultDurationMinutes: Type.Integer({ minimum: 1, maximum: 60 * 24 * 30 }),
  ticketTypes: Type.Array(TemplateTicketType, { maxItems: 50 }),
};
export const TemplateCreate = Type.Object(
  { ...Type.Partial(Type.Object(fields)).properties, name: fields.name, category: fields.category },
  { additionalProperties: false },
);
export type TemplateCreate = Static<typeof TemplateCreate>;
export const TemplatePatch = Type.Partial(Type.Object(fields), { additionalProperties: false });
export type TemplatePatch = Static<typeof TemplatePatch>;
export const TemplateParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 2147483647 }),
});
export const TemplateListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    category: Type.Optional(Slug),
    ...PaginationQuery,
  },
  { additionalProperties: false },
);
export type TemplateListQuery = Static<typeof TemplateListQuery>;
