import { KITS_CHANNELS } from '../bridge.ts';
import { ShellError } from '../shell-error.ts';
import { sealRequest, unsealRequest } from './bridge-requests.ts';
import { handleChannel, type IpcHandlerRegistry } from './ipc-registry.ts';

/** The operating system's keychain, as the vault uses it. */
export interface OsKeychain {
  /** Why nothing can be sealed or unsealed now, or `undefined` when the keychain is ready. */
  unavailableReason(): string | undefined;
  encryptString(text: string): Buffer;
  decryptString(sealed: Buffer): string;
}

/** Electron's `safeStorage`, as far as the vault uses it. */
export interface SafeStorage {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * The keychain behind Electron's `safeStorage`. On Linux without a Secret Service keyring,
 * safeStorage falls back to a password built into Chromium (`basic_text`): the database key
 * would then be as good as plain text on disk, so the vault refuses rather than pretend.
 */
export function safeStorageKeychain(safeStorage: SafeStorage, platform: string): OsKeychain {
  return {
    unavailableReason() {
      if (!safeStorage.isEncryptionAvailable()) {
        return 'the operating system keychain is not available to the till (on Linux, run a Secret Service keyring such as gnome-keyring or KWallet in the till user’s session)';
      }
      const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined;
      if (backend === 'basic_text' || backend === 'unknown') {
        return `no keychain protects sealed data on this machine (safeStorage backend "${backend}"): run a Secret Service keyring such as gnome-keyring or KWallet in the till user’s session`;
      }
      return undefined;
    },
    encryptString: (text) => safeStorage.encryptString(text),
    decryptString: (sealed) => safeStorage.decryptString(sealed),
  };
}

function requireKeychain(keychain: OsKeychain, action: string): void {
  const reason = keychain.unavailableReason();
  if (reason !== undefined) throw new ShellError('vault.keychain_unavailable', `Cannot ${action}: ${reason}.`);
}

/** Registers `kits:vault:seal` and `kits:vault:unseal`: text in, base64 of the keychain-sealed bytes out, and back. */
export function registerVaultHandlers(ipc: IpcHandlerRegistry, keychain: OsKeychain): void {
  handleChannel(ipc, KITS_CHANNELS.vaultSeal, (args) => {
    const text = sealRequest(args);
    requireKeychain(keychain, 'seal the text');
    return keychain.encryptString(text).toString('base64');
  });
  handleChannel(ipc, KITS_CHANNELS.vaultUnseal, (args) => {
    const sealed = unsealRequest(args);
    requireKeychain(keychain, 'unseal the text');
    try {
      return keychain.decryptString(sealed);
    } catch (error) {
      throw new ShellError(
        'vault.cannot_unseal',
        'The sealed text cannot be opened with this machine’s keychain: it was sealed for another user or machine, or it is damaged. Seal a new secret on this machine instead.',
        { cause: error },
      );
    }
  });
}
