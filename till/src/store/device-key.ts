/**
 * The key the till's local database is encrypted with. It is made on the device, at random, and
 * kept only sealed: AES-GCM under a wrapping key that is a non-extractable WebCrypto key (the
 * browser stores it, and no script — ours included — can read its bytes). So the database files,
 * copied off the device, are unreadable, and the key never leaves the device in the clear.
 */

/** A sealed database key and the key that opens it. */
export interface SealedKey {
  readonly wrappingKey: CryptoKey;
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly sealed: ArrayBuffer;
}

/** Where sealed keys are kept: IndexedDB in the app, memory in tests. */
export interface KeyVault {
  read(id: string): Promise<SealedKey | undefined>;
  write(id: string, key: SealedKey): Promise<void>;
}

const toHex = (bytes: ArrayBuffer | Uint8Array): string =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

/** The password of database `id`: unsealed from the vault, or made (and sealed) the first time. */
export async function databasePassword(vault: KeyVault, id: string): Promise<string> {
  const found = await vault.read(id);
  if (found) {
    const secret = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: found.iv }, found.wrappingKey, found.sealed);
    return toHex(secret);
  }
  const wrappingKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const secret = crypto.getRandomValues(new Uint8Array(new ArrayBuffer(32)));
  const iv = crypto.getRandomValues(new Uint8Array(new ArrayBuffer(12)));
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, wrappingKey, secret);
  await vault.write(id, { wrappingKey, iv, sealed });
  return toHex(secret);
}

/** Sealed keys in an IndexedDB database of their own (a CryptoKey survives there, still non-extractable). */
export function indexedDbKeyVault(databaseName = 'kits-till-keys'): KeyVault {
  const STORE = 'keys';
  const open = () =>
    new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(databaseName, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error(`Cannot open ${databaseName}`));
    });
  const run = async <T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const db = await open();
    try {
      return await new Promise<T>((resolve, reject) => {
        const request = action(db.transaction(STORE, mode).objectStore(STORE));
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error(`Cannot use ${databaseName}`));
      });
    } finally {
      db.close();
    }
  };
  return {
    read: (id) => run('readonly', (store) => store.get(id) as IDBRequest<SealedKey | undefined>),
    write: async (id, key) => void (await run('readwrite', (store) => store.put(key, id))),
  };
}

/** Sealed keys in memory (tests). */
export function memoryKeyVault(): KeyVault {
  const keys = new Map<string, SealedKey>();
  return { read: async (id) => keys.get(id), write: async (id, key) => void keys.set(id, key) };
}

/** The operating system's keychain, as the Electron shell's bridge offers it (`window.kitsTill.vault`). */
export interface OsKeychain {
  seal(text: string): Promise<string>;
  unseal(sealedBase64: string): Promise<string>;
}

/**
 * In the Electron shell: the database key sealed by the operating system's keychain (Electron
 * `safeStorage`) and kept sealed in `store`; made at random the first time.
 */
export async function keychainDatabasePassword(
  keychain: OsKeychain,
  store: Pick<Storage, 'getItem' | 'setItem'>,
  id: string,
): Promise<string> {
  const entry = `kits.till.sealed-key.${id}`;
  const sealed = store.getItem(entry);
  if (sealed) return keychain.unseal(sealed);
  const secret = toHex(crypto.getRandomValues(new Uint8Array(new ArrayBuffer(32))));
  store.setItem(entry, await keychain.seal(secret));
  return secret;
}
