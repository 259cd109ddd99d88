import type { TillCollection, TillCollections } from '@kits/plugin-sdk/till';

/** A customer a sale can name, pulled from core-sales' `customers` sync source; personal data, so sealed at rest. */
export interface CustomerDoc {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
}

export type TillCustomers = TillCollection<CustomerDoc>;

/** The till's copy of the tenant's customers, so a sale can name one offline too; archived ones are removed. */
export function openCustomers(collections: TillCollections): Promise<TillCustomers> {
  return collections.open<CustomerDoc>(
    'customers',
    {
      version: 0,
      properties: { name: { type: 'string' }, email: { type: ['string', 'null'] }, phone: { type: ['string', 'null'] } },
      required: ['name'],
      encrypted: ['name', 'email', 'phone'],
    },
    { pull: { source: 'customers', changedBy: ['sales.customer.changed'] } },
  );
}
