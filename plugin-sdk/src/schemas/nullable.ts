import { Type, type TNull, type TSchema, type TUnion } from 'typebox';

/** `schema` or null: a field that is always present in an answer but may have no value (`closedAt`). */
export const Nullable = <T extends TSchema>(schema: T): TUnion<[T, TNull]> => Type.Union([schema, Type.Null()]);
