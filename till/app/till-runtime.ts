import { BehaviorSubject, filter, firstValueFrom, merge } from 'rxjs';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { openTillDatabase, type TillDatabase } from '../src/store/till-database.ts';
import { gatewayClient, type GatewayClient } from '../src/sync/gateway-client.ts';
import { replicateInventory } from '../src/sync/inventory-replication.ts';
import { liveStream } from '../src/sync/live-stream.ts';
import { PushAgent } from '../src/sync/push-agent.ts';
import { activateTillPlugins, tillPluginList, type TillPlugins } from '../src/plugins/till-plugin-host.ts';
import { tillCatalog } from '../src/store/till-catalog.ts';
import type { KitsTillBridge } from '../electron/bridge.ts';
import type { TillHardware, TillLocation } from '@kits/plugin-sdk/till';
import { tillHardware } from '../src/hardware/till-hardware.ts';
import { chosenPrinterKey, hardwareAgentUrl, printsEveryReceipt } from './receipts/printing-settings.ts';
import { slotOutlet } from './plugins/slot-view.tsx';
import { databasePassword, indexedDbKeyVault, keychainDatabasePassword } from '../src/store/device-key.ts';
import { keepForOffline } from './offline-shell.ts';
import type { DeviceSettings, TillSession } from './session.ts';
import { localDatabaseBytes, TillHeartbeat } from '../src/devices/heartbeat.ts';
import { keepReport } from '../src/devices/kept-report.ts';
import { PeripheralStatus } from '../src/devices/peripheral-status.ts';
import { reportingCardPayments } from '../src/devices/reporting-card-payments.ts';
import { reportingHardware } from '../src/devices/reporting-hardware.ts';
import { finishRevokedTill, type RevokedTillOutcome } from '../src/devices/revoked-till.ts';
import { deviceKeyClient } from '../src/sync/device-key-client.ts';
import { TILL_VERSION } from './till-version.ts';

/** What the kernel says of this till: it must be updated, or it was revoked (and how far its ending has got). */
export interface TillStanding {
  /** The minimum version the shop requires, while this till is older. */
  readonly updateRequired: string | null;
  readonly revoked:
    | null
    | { readonly state: 'sending' }
    | { readonly state: 'erased' }
    | { readonly state: 'waiting'; readonly waiting: number; readonly reason: string };
}

/** What the screens use: the local database, the gateway, the live stream. */
export interface TillRuntime {
  readonly session: TillSession;
  readonly db: TillDatabase;
  readonly client: GatewayClient;
  readonly live: ReturnType<typeof liveStream>;
  /** Sends the event log to the kernel, in order, whenever it can. */
  readonly push: PushAgent;
  /** Resolves when the first pull of the catalog and stock has finished, or failed (offline). */
  readonly ready: Promise<void>;
  /** The tenant's plugins on this till: their slot contributions, receipt printers, and those that failed to load. */
  readonly plugins: TillPlugins;
  /** The till computer's devices: the Electron shell's, or the local hardware agent's in a browser. */
  readonly hardware: TillHardware;
  /** The store this till sells at: its name, address, tax number and time zone once the till has been online. */
  readonly location: TillLocation;
  /** Its printers and card reader as it last knew them (what the heartbeat reports). */
  readonly peripherals: PeripheralStatus;
  /** Whether the kernel wants this till updated, or revoked it. */
  readonly standing$: BehaviorSubject<TillStanding>;
  /** Stops syncing and closes the local database (a cashier signs out); what waits to be sent stays in it. */
  stop(): Promise<void>;
}

/** Loads the till bundles of the tenant's plugins (the last known list when offline). */
async function loadPlugins(
  db: TillDatabase,
  client: GatewayClient,
  session: TillSession,
  location: () => TillLocation,
  devices: { hardware: TillHardware; peripherals: PeripheralStatus },
  live: ReturnType<typeof liveStream>,
  push: PushAgent,
): Promise<TillPlugins> {
  const services = {
    db,
    session: {
      deviceId: session.deviceId,
      ...(session.deviceName ? { deviceName: session.deviceName } : {}),
      locationId: session.locationId,
      cashierId: session.cashierId,
      cashierName: session.cashier,
      permissions: session.permissions,
    },
    location,
    catalog: tillCatalog(db),
    api: client,
    hardware: devices.hardware,
    peripherals: devices.peripherals,
    send: () => push.flush(),
    printing: { chosenPrinterKey, printsEveryReceipt },
    outlet: slotOutlet,
    news: (types: readonly string[]) => live.newsFor(types),
  };
  const list = await tillPluginList(db, client).catch((failure: Error) => failure);
  if (list instanceof Error) {
    const empty = await activateTillPlugins([], services, (url) => import(/* @vite-ignore */ url));
    return { ...empty, failed: [{ id: 'till', displayName: 'Plugins', reason: `Not loaded: ${list.message}` }] };
  }
  return activateTillPlugins(list, services, (url) => import(/* @vite-ignore */ url));
}

const LOCATION = 'location';

/** The till's store (name, address, tax number, time zone), from the kernel when online (kept in `meta` for offline starts). */
async function knownLocation(db: TillDatabase, client: GatewayClient, locationId: string): Promise<TillLocation> {
  try {
    const { items } = await client.get<{
      items: Array<{ id: string; name: string; addressLines?: string[]; taxId?: string | null; timezone?: string }>;
    }>('/api/v1/tenants/current/locations');
    const found = items.find((location) => location.id === locationId);
    if (!found) return { id: locationId };
    const location: TillLocation = {
      id: locationId,
      name: found.name,
      ...(found.addressLines?.length ? { addressLines: found.addressLines } : {}),
      ...(found.taxId ? { taxId: found.taxId } : {}),
      ...(found.timezone ? { timezone: found.timezone } : {}),
    };
    await db.meta.upsert({ id: LOCATION, value: location });
    return location;
  } catch {
    const saved = (await db.meta.findOne(LOCATION).exec())?.value as TillLocation | undefined;
    return saved?.id === locationId ? saved : { id: locationId };
  }
}

/** This device's own IndexedDB store, opened with its key. */
async function openDeviceDatabase(deviceId: string): Promise<TillDatabase> {
  const name = `kits-till-${deviceId}`;
  // In the Electron shell the operating system's keychain seals the key; in a browser, a non-extractable WebCrypto key.
  const shell: KitsTillBridge | undefined = window.kitsTill;
  const password = shell
    ? await keychainDatabasePassword(shell.vault, localStorage, name)
    : await databasePassword(indexedDbKeyVault(), name);
  return openTillDatabase({ name, storage: getRxStorageDexie(), password });
}

/**
 * The kernel refused this device as revoked while nobody was signed in (at sign-in, or its staff
 * list): the same last act as a signed-in till's (decision D-198) — push what it holds with its
 * device key, then erase — from its database opened without a cashier.
 */
export async function finishRevokedWhileSignedOut(device: DeviceSettings): Promise<RevokedTillOutcome> {
  const db = await openDeviceDatabase(device.deviceId);
  const deviceClient = device.deviceKey ? deviceKeyClient(window.location.origin, device.deviceKey) : undefined;
  const outcome = await finishRevokedTill(db, device.deviceId, deviceClient, localStorage).catch((failure: Error) => ({
    erased: false as const,
    waiting: 0,
    reason: failure.message,
  }));
  if (!outcome.erased) await db.close();
  return outcome;
}

/** Opens the till's IndexedDB store for this device and starts replicating from the kernel. */
export async function startTill(session: TillSession): Promise<TillRuntime> {
  const shell: KitsTillBridge | undefined = window.kitsTill;
  const db = await openDeviceDatabase(session.deviceId);
  const client = gatewayClient(window.location.origin, session.tokens);
  const live = liveStream(client);
  const replication = replicateInventory(db, client, {
    catalog: live.newsFor(['inventory.product.changed']),
    stock: live.newsFor(['inventory.stock.moved']),
  });
  // Ready when the first pull is in, or when it cannot be (offline): the till then sells from what it kept.
  const ready = Promise.race([
    Promise.all([replication.catalog.awaitInitialReplication(), replication.stock.awaitInitialReplication()]),
    firstValueFrom(merge(replication.catalog.error$, replication.stock.error$)),
  ]).then(() => undefined);
  const push = new PushAgent(db, client);
  push.start(2_000);
  const standing$ = new BehaviorSubject<TillStanding>({ updateRequired: null, revoked: null });
  const peripherals = new PeripheralStatus();
  // Heartbeats (and a revoked till's last push) go as the device itself; a till paired before device keys sends them as its cashier.
  const deviceClient = session.deviceKey ? deviceKeyClient(window.location.origin, session.deviceKey) : undefined;
  let revoking: Promise<void> | undefined;
  let retryRevoked: ReturnType<typeof setTimeout> | undefined;
  const heartbeat = new TillHeartbeat({
    client: deviceClient ?? client,
    report: async () => {
      const { waiting } = push.status$.value;
      const lastSyncedAt = push.lastSyncedAt;
      keepReport(localStorage, session.deviceId, { lastSyncedAt, pendingEvents: waiting, peripherals: peripherals.list() });
      return {
        version: TILL_VERSION,
        sinceLastSyncSeconds: lastSyncedAt === null ? null : Math.max(0, Math.round((Date.now() - lastSyncedAt) / 1000)),
        pendingEvents: waiting,
        databaseBytes: await localDatabaseBytes(),
        peripherals: peripherals.list(),
      };
    },
    onAnswer: (answer) => standing$.next({ ...standing$.value, updateRequired: answer.updateRequired ? answer.minimumTillVersion : null }),
    onRevoked: () => void revoke(),
  });
  // Back online (the live stream reconnected, or the browser says so): send what waited at once.
  const nudges = live.status$.pipe(filter((status) => status === 'open')).subscribe(() => push.nudge());
  const onOnline = () => push.nudge();
  window.addEventListener('online', onOnline);
  // A socket can look open long after the network went; the browser knows sooner.
  const onOffline = () => live.drop();
  window.addEventListener('offline', onOffline);
  const hardware = reportingHardware(tillHardware(shell, hardwareAgentUrl), peripherals);
  // The store's details come while the plugins load (a receipt needs them only once a sale is done).
  let location: TillLocation = { id: session.locationId };
  const locating = knownLocation(db, client, session.locationId).then((known) => void (location = known));
  const plugins = await loadPlugins(
    db,
    reportingCardPayments(client, peripherals),
    session,
    () => location,
    { hardware, peripherals },
    live,
    push,
  );
  await locating;
  heartbeat.start();
  const refusals = push.refusal$.subscribe((refusal) => {
    if (refusal?.code === 'auth.device_revoked') void revoke();
    else if (refusal?.code === 'till.update_required' && !standing$.value.updateRequired)
      // The heartbeat names the minimum; until it answers, the push's refusal is enough to show the notice.
      void heartbeat.beat();
  });
  // The plugins' till bundles just loaded: keep them for a start without network.
  void keepForOffline();
  const syncing = () => Promise.all([replication.catalog.cancel(), replication.stock.cancel(), plugins.collections.stop()]);
  /** Stops the till's own syncing once (a revoked till's last push is its own). */
  let halted: Promise<unknown> | undefined;
  const halt = () =>
    (halted ??= (() => {
      heartbeat.stop();
      push.stop();
      refusals.unsubscribe();
      nudges.unsubscribe();
      live.close();
      return syncing();
    })());
  /**
   * Revoked from the back office: stop selling and syncing, push what the till still holds with its
   * device key, then erase (decision D-198). Tried again every 30 s until nothing is left to send.
   */
  const revoke = (): Promise<void> =>
    (revoking ??= (async () => {
      standing$.next({ ...standing$.value, revoked: { state: 'sending' } });
      await halt();
      const outcome = await finishRevokedTill(db, session.deviceId, deviceClient, localStorage).catch((failure: Error) => ({
        erased: false as const,
        waiting: push.status$.value.waiting,
        reason: failure.message,
      }));
      if (outcome.erased) return standing$.next({ ...standing$.value, revoked: { state: 'erased' } });
      standing$.next({ ...standing$.value, revoked: { state: 'waiting', waiting: outcome.waiting, reason: outcome.reason } });
      retryRevoked = setTimeout(() => {
        revoking = undefined;
        void revoke();
      }, 30_000);
    })());
  const stop = async () => {
    clearTimeout(retryRevoked);
    heartbeat.stop();
    refusals.unsubscribe();
    if (revoking) return;
    push.stop();
    // Signed out, the till's heartbeat from the sign-in screen says what it holds now.
    keepReport(localStorage, session.deviceId, {
      lastSyncedAt: push.lastSyncedAt,
      pendingEvents: push.status$.value.waiting,
      peripherals: peripherals.list(),
    });
    nudges.unsubscribe();
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
    live.close();
    await syncing();
    await db.close();
  };
  return { session, db, client, live, push, ready, plugins, hardware, location, peripherals, standing$, stop };
}
