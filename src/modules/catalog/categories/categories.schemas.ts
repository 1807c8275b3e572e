import { Type, type Static } from 'typebox';
import { Slug } from '../events/events.schemas.js';

export const Category = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  icon: Type.Union([Type.String(), Type.Null()]),
  sortOrder: Type.Integer(),
  active: Type.Boolean(),
});
export type CategoryView = Static<typeof Category>;

const fields = {
  slug: Slug,
  name: Type.String({ minLength: 1, maxLength: 100 }),
  description: Type.String({ maxLength: 1000 }),
  icon: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]),
  sortOrder: Type.Integer({ minimum: 0, maximum: 100_000 }),
  active: Type.Boolean(),
};
export const CategoryCreate = Type.Object(
  { ...Type.Partial(Type.Object(fields)).properties, slug: fields.slug, name: fields.name },
  { additionalProperties: false },
);
export type CategoryCreate = Static<typeof CategoryCreate>;
export const CategoryPatch = Type.Partial(Type.Object(fields), { additionalProperties: false });
export type CategoryPatch = Static<typeof CategoryPatch>;
export const CategoryParams = Type.Object({ slug: Slug });
export const CategoryListQuery = Type.Object(
  { includeInactive: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
