import { CurrencyCode, Type } from '@kits/plugin-sdk';

export const Uuid = Type.String({ format: 'uuid' });
export const Currency = CurrencyCode;
/** Integer minor units of a currency. */
export const Money = Type.Object(
  { amount: Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 }), currency: Currency },
  { additionalProperties: false },
);
export const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
/** Whole units of the item's smallest unit. */
export const Units = Type.Integer({ minimum: 0, maximum: 1_000_000_000 });
