import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SafeStorage } from '../../../electron/ipc/vault-handlers.ts';

export interface TestSafeStorageOptions {
  readonly available?: boolean;
  readonly backend?: ReturnType<SafeStorage['getSelectedStorageBackend']>;
}

/**
 * A stand-in for Electron's `safeStorage` (only Electron has the real one): AES-256-GCM under a
 * key of its own, so text sealed by one instance opens only with that instance, as with a keychain.
 */
export function testSafeStorage({ available = true, backend = 'gnome_libsecret' }: TestSafeStorageOptions = {}): SafeStorage & {
  readonly encryptions: number;
} {
  const key = randomBytes(32);
  let encryptions = 0;
  return {
    get encryptions() {
      return encryptions;
    },
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString(plainText) {
      encryptions += 1;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(encrypted) {
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(12, 28));
      return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
