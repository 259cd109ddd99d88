import type { KitsChannel, KitsChannelResponse } from '../bridge.ts';
import { ShellError } from '../shell-error.ts';

/** The part of an `ipcMain.handle` event the handlers look at: which page sent the call. */
export interface IpcInvokeEvent {
  readonly senderFrame: { readonly url: string } | null;
}

export type IpcInvokeListener = (event: IpcInvokeEvent, ...args: unknown[]) => unknown;

/** Where handlers are registered: Electron's `ipcMain`, or a recording fake in tests. */
export interface IpcHandlerRegistry {
  handle(channel: string, listener: IpcInvokeListener): void;
}

/** Registers the handler of one bridge channel; `answer` gets the raw arguments to validate. */
export function handleChannel<C extends KitsChannel>(
  ipc: IpcHandlerRegistry,
  channel: C,
  answer: (args: readonly unknown[]) => KitsChannelResponse<C> | Promise<KitsChannelResponse<C>>,
): void {
  ipc.handle(channel, (_event, ...args) => answer(args));
}

/**
 * A registry whose handlers refuse calls from any page but the till's: if the window were ever
 * steered to another page, that page could not print or unseal the database key.
 */
export function acceptingCallsOnlyFrom(ipc: IpcHandlerRegistry, isTrustedPage: (url: string) => boolean): IpcHandlerRegistry {
  return {
    handle(channel, listener) {
      ipc.handle(channel, (event, ...args) => {
        const url = event.senderFrame?.url;
        if (url === undefined || !isTrustedPage(url)) {
          throw new ShellError(
            'bridge.untrusted_sender',
            `${channel}: refused a call from ${url === undefined ? 'a frame that is gone' : JSON.stringify(url)}: only the till page may use the bridge`,
          );
        }
        return listener(event, ...args);
      });
    },
  };
}
