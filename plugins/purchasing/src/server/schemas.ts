import { Type } from '@kits/plugin-sdk';

export const Uuid = Type.String({ format: 'uuid' });
export const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' });
/** Integer minor units of a currency. */
export const Money = Type.Object(
  { amount: Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 }), currency: Currency },
  { additionalProperties: false },
);
export const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
/** Whole units of the item's smallest unit. */
export const Units = Type.Integer({ minimum: 0, maximum: 1_000_000_000 });
export const Cursor = Type.Optional(Type.String({ maxLength: 200, description: 'The nextCursor of the previous page' }));
export const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 }));
