import { createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
import {
  catalogSchema,
  codeSchema,
  eventSchema,
  metaSchema,
  stockSchema,
  type CatalogDoc,
  type CodeDoc,
  type EventDoc,
  type MetaDoc,
  type StockDoc,
} from './collections.ts';

export interface TillCollections {
  catalog: RxCollection<CatalogDoc>;
  codes: RxCollection<CodeDoc>;
  stock: RxCollection<StockDoc>;
  events: RxCollection<EventDoc>;
  meta: RxCollection<MetaDoc>;
}

export type TillDatabase = RxDatabase<TillCollections>;

/**
 * Opens the till's local database. The app passes IndexedDB storage (encrypted at rest); tests
 * pass RxDB's memory storage.
 */
export async function openTillDatabase(options: { name: string; storage: RxStorage<unknown, unknown> }): Promise<TillDatabase> {
  const db = await createRxDatabase<TillCollections>({ name: options.name, storage: options.storage, multiInstance: false });
  await db.addCollections({
    catalog: { schema: catalogSchema },
    codes: { schema: codeSchema },
    stock: { schema: stockSchema },
    events: { schema: eventSchema },
    meta: { schema: metaSchema },
  });
  return db;
}
