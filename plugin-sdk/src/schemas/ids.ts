import { Type } from 'typebox';

/**
 * An id: a UUID in its usual text form. The `uuid` format is checked by the kernel's validators
 * (ajv-formats) and by `checkPayload`, so a malformed id is a 400 naming the field, never a
 * database error. Add a description with `Type.With(Uuid, { description: '…' })`.
 */
export const Uuid = Type.String({ format: 'uuid' });
