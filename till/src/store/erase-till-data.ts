import type { TillDatabase } from './till-database.ts';

/** Where the till keeps what identifies its device and its staff (`localStorage` in the app). */
export type CredentialStore = Pick<Storage, 'length' | 'key' | 'removeItem'>;

/**
 * Erases everything this till holds for a device: its local database (catalog, stock, the event
 * log, plugins' collections, device state) and what it kept of the device and its staff — the
 * pairing, the device key, offline PIN hashes, the staff list, the sealed database key. Called once
 * a revoked till has pushed what it recorded (decision D-198); the till then starts unpaired.
 */
export async function eraseTillData(db: TillDatabase, deviceId: string, credentials: CredentialStore): Promise<void> {
  const name = db.name;
  await db.remove();
  await deleteEmptiedStores(name);
  const kept: string[] = [];
  for (let i = 0; i < credentials.length; i++) {
    const key = credentials.key(i);
    if (key !== null && (key === 'kits.till.device' || (key.startsWith('kits.till.') && key.includes(deviceId)))) kept.push(key);
  }
  for (const key of kept) credentials.removeItem(key);
}

/**
 * RxDB's IndexedDB storage empties a removed database's tables but leaves the (empty) IndexedDB
 * databases behind: they go too, so nothing of the device is left in the browser.
 */
async function deleteEmptiedStores(databaseName: string): Promise<void> {
  const idb = globalThis.indexedDB;
  if (!idb?.databases) return;
  const prefix = `rxdb-dexie-${databaseName}--`;
  const names = (await idb.databases()).map((entry) => entry.name ?? '').filter((name) => name.startsWith(prefix));
  await Promise.all(
    names.map(
      (name) =>
        new Promise<void>((resolve, reject) => {
          const request = idb.deleteDatabase(name);
          request.onsuccess = () => resolve();
          request.onerror = () => reject(request.error ?? new Error(`Cannot delete ${name}`));
        }),
    ),
  );
}
