import type { Observable } from 'rxjs';
import type { CustomerDoc } from '../store/collections.ts';
import type { TillDatabase } from '../store/till-database.ts';
import type { GatewayClient } from './gateway-client.ts';
import { replicateSource } from './pull-replication.ts';

/** core-sales' customers on the till, so a sale can name one offline too; archived ones are removed. */
export function replicateCustomers(db: TillDatabase, client: GatewayClient, news$?: Observable<unknown>) {
  return replicateSource<CustomerDoc>({
    collection: db.customers,
    source: 'core-sales.customers',
    client,
    ...(news$ ? { news$ } : {}),
    toDoc: (id, data) => ({
      id,
      name: String(data.name),
      email: (data.email as string | null) ?? null,
      phone: (data.phone as string | null) ?? null,
    }),
  });
}
