import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { openTillDatabase, type TillDatabase } from '../src/store/till-database.ts';
import { gatewayClient, type GatewayClient } from '../src/sync/gateway-client.ts';
import { replicateInventory } from '../src/sync/inventory-replication.ts';
import { liveStream } from '../src/sync/live-stream.ts';
import { PushAgent } from '../src/sync/push-agent.ts';
import type { TillSession } from './session.ts';

/** What the screens use: the local database, the gateway, the live stream. */
export interface TillRuntime {
  readonly session: TillSession;
  readonly db: TillDatabase;
  readonly client: GatewayClient;
  readonly live: ReturnType<typeof liveStream>;
  /** Sends the event log to the kernel, in order, whenever it can. */
  readonly push: PushAgent;
  /** Resolves when the first pull of the catalogue and stock has finished (or failed offline). */
  readonly ready: Promise<void>;
}

/** Opens the till's IndexedDB store for this device and starts replicating from the kernel. */
export async function startTill(session: TillSession): Promise<TillRuntime> {
  const db = await openTillDatabase({ name: `kits-till-${session.deviceId}`, storage: getRxStorageDexie() });
  const client = gatewayClient(window.location.origin, () => session.accessToken);
  const live = liveStream(client);
  const replication = replicateInventory(db, client, {
    catalog: live.newsFor(['inventory.product.changed']),
    stock: live.newsFor(['inventory.stock.moved']),
  });
  const ready = Promise.all([replication.catalog.awaitInitialReplication(), replication.stock.awaitInitialReplication()]).then(
    () => undefined,
  );
  const push = new PushAgent(db, client);
  push.start(2_000);
  return { session, db, client, live, push, ready };
}
