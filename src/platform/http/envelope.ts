import { Type, type Static, type TSchema } from 'typebox';

/** The success envelope of every native response: `{ success, data, meta? }`. */
export function Envelope<T extends TSchema>(data: T) {
  return Type.Object({ success: Type.Literal(true), data });
}

export const PageMeta = Type.Object({
  page: Type.Integer({ minimum: 1 }),
  limit: Type.Integer({ minimum: 1 }),
  total: Type.Integer({ minimum: 0 }),
  totalPages: Type.Integer({ minimum: 0 }),
});

/** The envelope of a paginated list: `data` is the page, `meta` its position. */
export function ListEnvelope<T extends TSchema>(item: T) {
  return Type.Object({ success: Type.Literal(true), data: Type.Array(item), meta: PageMeta });
}

/** RFC 9457 problem details with our additions (`success`, `code`, `errors`, `requestId`). */
export const Problem = Type.Object(
  {
    success: Type.Literal(false),
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    requestId: Type.String(),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
    ),
    details: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details (application/problem+json)' },
);

export const ok = <T>(data: T) => ({ success: true as const, data });

export const page = <T>(data: T[], meta: { page: number; limit: number; total: number }) => ({
  success: true as const,
  data,
  meta: { ...meta, totalPages: Math.ceil(meta.total / meta.limit) },
});

/** A reference to the shared Problem schema (registered once with addSchema). */
export const ProblemRef = Type.Unsafe<Static<typeof Problem>>(Type.Ref('Problem'));

/** Response schemas for the error statuses a route can answer, all as Problem. */
export function problems(...statuses: number[]): Record<number, typeof ProblemRef> {
  return Object.fromEntries(statuses.map((status) => [status, ProblemRef]));
}
