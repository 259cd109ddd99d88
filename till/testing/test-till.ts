import {
  TillHardwareError,
  type SlotComponent,
  type TillHardware,
  type TillPluginContext,
  type TillSessionInfo,
} from '@kits/plugin-sdk/till';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { fixedToken } from '../src/auth/access-token.ts';
import { PeripheralStatus } from '../src/devices/peripheral-status.ts';
import { standalonePluginContext, type TillPluginRegistries, type TillPluginServices } from '../src/plugins/till-plugin-host.ts';
import { tillCatalog } from '../src/store/till-catalog.ts';
import { openTillDatabase, type TillDatabase } from '../src/store/till-database.ts';
import { gatewayClient, type GatewayClient } from '../src/sync/gateway-client.ts';
import { replicateInventory } from '../src/sync/inventory-replication.ts';
import { liveStream } from '../src/sync/live-stream.ts';
import { PushAgent } from '../src/sync/push-agent.ts';

/**
 * A till for tests of a plugin's till side, without a browser: the real database (RxDB in memory),
 * the real sync engine against a running kernel, and a plugin's real context — so a test drives
 * the plugin's modules (a checkout, a shift report) as the till would run them.
 */
export interface TestTill {
  readonly db: TillDatabase;
  readonly client: GatewayClient;
  readonly push: PushAgent;
  readonly session: TillSessionInfo;
  /** A plugin's context on this till (its own device state, collections and event log). */
  context(pluginId: string, settings?: Record<string, unknown>): TillPluginContext;
  /** What the plugins contributed through the contexts made so far (slots, resolvers, approvals). */
  registries(pluginId: string): TillPluginRegistries;
  close(): Promise<void>;
}

/** A till computer without devices. */
export const noHardware: TillHardware = {
  available: async () => false,
  tcpPrint: () => Promise.reject(new TillHardwareError('hardware.not_available', 'This test till has no hardware.')),
  tcpExchange: () => Promise.reject(new TillHardwareError('hardware.not_available', 'This test till has no hardware.')),
  serialWrite: () => Promise.reject(new TillHardwareError('hardware.not_available', 'This test till has no hardware.')),
  listSerialPorts: async () => ({ ports: [] }),
};

export interface TestTillOptions {
  /** The kernel's base URL (`await kit.kernel.listen()`). */
  readonly url: string;
  /** A till token (`kit.signInTill(…)`). */
  readonly token: string;
  readonly session: Omit<TillSessionInfo, 'cashierName'> & { readonly cashierName?: string };
  /** Pull the catalog and stock first (the default), as a till does when it opens. */
  readonly replicate?: boolean;
}

/** What a plugin's context on a test till is made of. */
export interface TestTillParts {
  readonly db: TillDatabase;
  readonly client: GatewayClient;
  readonly session: TillSessionInfo;
  /** Sends the event log (the till's push agent); nothing is sent without one. */
  readonly send?: () => Promise<void>;
  /** The live stream's news, for collections that pull again when the server publishes a change. */
  readonly news?: TillPluginServices['news'];
}

/** A plugin's real context on a till made of these parts, with its own fresh registries. */
export function pluginContextOn(parts: TestTillParts, pluginId: string, settings: Record<string, unknown> = {}) {
  const services: TillPluginServices = {
    db: parts.db,
    session: parts.session,
    location: () => ({ id: parts.session.locationId }),
    catalog: tillCatalog(parts.db),
    api: parts.client,
    hardware: noHardware,
    peripherals: new PeripheralStatus(),
    send: parts.send ?? (async () => undefined),
    printing: { chosenPrinterKey: () => undefined, printsEveryReceipt: () => false },
    outlet: () => (() => null) as SlotComponent<never>,
    ...(parts.news ? { news: parts.news } : {}),
  };
  return standalonePluginContext(
    { id: pluginId, version: '0.0.0-test', displayName: pluginId, entry: `/till/plugins/${pluginId}/index.js`, settings },
    services,
  );
}

export async function openTestTill(options: TestTillOptions): Promise<TestTill> {
  const db = await openTillDatabase({ name: `till-${crypto.randomUUID()}`, storage: getRxStorageMemory(), password: 'till-test-password' });
  const client = gatewayClient(options.url, fixedToken(options.token));
  const live = liveStream(client);
  const replication =
    options.replicate === false
      ? undefined
      : replicateInventory(db, client, {
          catalog: live.newsFor(['inventory.product.changed']),
          stock: live.newsFor(['inventory.stock.moved']),
        });
  if (replication) await Promise.all([replication.catalog.awaitInitialReplication(), replication.stock.awaitInitialReplication()]);
  const push = new PushAgent(db, client);
  const session: TillSessionInfo = { cashierName: 'Test Cashier', ...options.session };
  const parts: TestTillParts = { db, client, session, send: () => push.flush(), news: (types) => live.newsFor(types) };
  const made = new Map<string, ReturnType<typeof standalonePluginContext>>();
  const contextOf = (pluginId: string, settings: Record<string, unknown> = {}) => {
    let entry = made.get(pluginId);
    if (!entry) {
      entry = pluginContextOn(parts, pluginId, settings);
      made.set(pluginId, entry);
    }
    return entry;
  };
  return {
    db,
    client,
    push,
    session,
    context: (pluginId, settings) => contextOf(pluginId, settings).context,
    registries: (pluginId) => contextOf(pluginId).registries,
    async close() {
      push.stop();
      live.close();
      await Promise.all([...made.values()].map((entry) => entry.registries.collections.stop()));
      await replication?.catalog.cancel();
      await replication?.stock.cancel();
      await db.close();
    },
  };
}

// The till's own pieces a plugin's test may need to run a till as the app does.
export { fixedToken } from '../src/auth/access-token.ts';
export { appendEvent, deniedEvents } from '../src/store/event-log.ts';
export { lookupCode, tillCatalog } from '../src/store/till-catalog.ts';
export { gatewayClient, type GatewayClient } from '../src/sync/gateway-client.ts';
export { replicateInventory } from '../src/sync/inventory-replication.ts';
export { liveStream } from '../src/sync/live-stream.ts';
export { PushAgent } from '../src/sync/push-agent.ts';
export { pluginDeviceState } from '../src/plugins/plugin-device-state.ts';
export { pluginEventLog } from '../src/plugins/plugin-event-log.ts';
export { openTillDatabase, type TillDatabase } from '../src/store/till-database.ts';
export { databasePassword, memoryKeyVault } from '../src/store/device-key.ts';
