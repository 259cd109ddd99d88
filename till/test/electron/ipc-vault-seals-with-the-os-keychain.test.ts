import { describe, expect, it } from 'vitest';
import { KITS_CHANNELS, MAX_VAULT_TEXT_LENGTH } from '../../electron/bridge.ts';
import { registerVaultHandlers, safeStorageKeychain } from '../../electron/ipc/vault-handlers.ts';
import { recordingIpc } from './support/recording-ipc.ts';
import { testSafeStorage, type TestSafeStorageOptions } from './support/test-safe-storage.ts';

const DATABASE_KEY = 'f3a1c0de'.repeat(8);
const { vaultSeal: SEAL, vaultUnseal: UNSEAL } = KITS_CHANNELS;

function vault(options: TestSafeStorageOptions = {}, platform = 'linux') {
  const safeStorage = testSafeStorage(options);
  const ipc = recordingIpc();
  registerVaultHandlers(ipc, safeStorageKeychain(safeStorage, platform));
  return { ipc, safeStorage };
}

describe('the vault channels of the bridge', () => {
  it('registers seal and unseal only', () => {
    expect(vault().ipc.channels().sort()).toEqual([SEAL, UNSEAL].sort());
  });

  it('seals the database key into base64 that is not the key, and unseals it back', async () => {
    const { ipc } = vault();

    const sealed = await ipc.invoke(SEAL, DATABASE_KEY);

    expect(typeof sealed).toBe('string');
    expect(sealed).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(sealed as string, 'base64').toString('latin1')).not.toContain(DATABASE_KEY);
    expect(await ipc.invoke(UNSEAL, sealed)).toBe(DATABASE_KEY);
  });

  it('cannot unseal what another keychain sealed, and says so', async () => {
    const sealedElsewhere = await vault().ipc.invoke(SEAL, DATABASE_KEY);

    await expect(vault().ipc.invoke(UNSEAL, sealedElsewhere)).rejects.toMatchObject({
      name: 'ShellError',
      code: 'vault.cannot_unseal',
      message: expect.stringContaining('sealed for another user or machine, or it is damaged'),
    });
  });

  it.each([
    ['the keychain is not available', { available: false }, 'linux', 'the operating system keychain is not available to the till'],
    [
      'Linux has no keyring and would fall back to a built-in password',
      { backend: 'basic_text' as const },
      'linux',
      'safeStorage backend "basic_text"',
    ],
  ])('refuses to seal when %s, and seals nothing', async (_case, options, platform, reason) => {
    const { ipc, safeStorage } = vault(options, platform);

    await expect(ipc.invoke(SEAL, DATABASE_KEY)).rejects.toMatchObject({
      code: 'vault.keychain_unavailable',
      message: expect.stringMatching(new RegExp(`^Cannot seal the text: .*${reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)),
    });
    expect(safeStorage.encryptions).toBe(0);
  });

  it('looks at the storage backend on Linux only, where safeStorage has one', async () => {
    const { ipc } = vault({ backend: 'unknown' }, 'win32');

    expect(await ipc.invoke(UNSEAL, await ipc.invoke(SEAL, DATABASE_KEY))).toBe(DATABASE_KEY);
  });

  it.each([
    [SEAL, [42], `${SEAL}: text must be a string, got 42`],
    [SEAL, ['x'.repeat(MAX_VAULT_TEXT_LENGTH + 1)], `${SEAL}: text has 65537 characters, more than the 65536 the vault seals`],
    [SEAL, [], `${SEAL}: expects 1 argument(s) (text), got 0`],
    [UNSEAL, ['not base64!'], `${UNSEAL}: sealedBase64 must be the base64 text vault.seal answered, got "not base64!"`],
    [UNSEAL, [''], `${UNSEAL}: sealedBase64 must be the base64 text vault.seal answered, got ""`],
    [UNSEAL, [new Uint8Array(8)], `${UNSEAL}: sealedBase64 must be the base64 text vault.seal answered, got a Uint8Array of 8 bytes`],
  ])('refuses %s with arguments %j, saying what was wrong', async (channel, args, message) => {
    await expect(vault().ipc.invoke(channel, ...args)).rejects.toMatchObject({ code: 'bridge.invalid_request', message });
  });
});
