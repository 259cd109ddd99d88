/** What went wrong in the till's Electron shell, as a stable code the till (and its logs) can branch on. */
export type ShellErrorCode = 'bridge.invalid_request' | 'bridge.untrusted_sender' | 'vault.keychain_unavailable' | 'vault.cannot_unseal';

/**
 * An error of the shell's main process. Electron passes only its text to the renderer (the
 * rejected `window.kitsTill` promise), so the message says what went wrong and what to do.
 */
export class ShellError extends Error {
  override readonly name = 'ShellError';
  readonly code: ShellErrorCode;

  constructor(code: ShellErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
