import { createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
import { wrappedKeyEncryptionCryptoJsStorage } from 'rxdb/plugins/encryption-crypto-js';
import { migrationStrategies } from './schema-migrations.ts';
import { handOverPreSplitState } from './pre-split-state.ts';
import { valueSeal, type ValueSeal } from './sealed-values.ts';
import {
  catalogSchema,
  codeSchema,
  eventSchema,
  metaSchema,
  stockSchema,
  type CatalogDoc,
  type CodeDoc,
  type StoredEventDoc,
  type MetaDoc,
  type StockDoc,
} from './collections.ts';

export interface TillCollections {
  catalog: RxCollection<CatalogDoc>;
  codes: RxCollection<CodeDoc>;
  stock: RxCollection<StockDoc>;
  events: RxCollection<StoredEventDoc>;
  meta: RxCollection<MetaDoc>;
}

/** The till's database, and the seal of its event payloads and answers. */
export type TillDatabase = RxDatabase<TillCollections> & { readonly seal: ValueSeal };

/**
 * Opens the till's local database, encrypted at rest: event payloads and answers are sealed with
 * WebCrypto (`sealed-values.ts`) and the device's own state (`meta`) by RxDB's encryption, both
 * under `password` (see `device-key.ts`), and so are plugins' collections' fields marked encrypted
 * (customers' names and contacts); the catalog and stock, which every till of the tenant sees anyway, are not, so scans stay fast. The app passes
 * IndexedDB storage; tests pass RxDB's memory storage.
 */
export async function openTillDatabase(options: {
  name: string;
  storage: RxStorage<unknown, unknown>;
  password: string;
}): Promise<TillDatabase> {
  const rx = await createRxDatabase<TillCollections>({
    name: options.name,
    storage: wrappedKeyEncryptionCryptoJsStorage({ storage: options.storage }),
    password: options.password,
    multiInstance: false,
  });
  const db = Object.assign(rx, { seal: await valueSeal(options.password) });
  await db.addCollections({
    catalog: { schema: catalogSchema },
    codes: { schema: codeSchema },
    stock: { schema: stockSchema },
    events: { schema: eventSchema, migrationStrategies: migrationStrategies.events },
    meta: { schema: metaSchema },
  });
  await handOverPreSplitState(db);
  return db;
}
