import type { IpcHandlerRegistry, IpcInvokeEvent, IpcInvokeListener } from '../../../electron/ipc/ipc-registry.ts';

/** A call from the till page, as `ipcMain.handle` hands it to a listener. */
export const CALL_FROM_TILL: IpcInvokeEvent = { senderFrame: { url: 'http://127.0.0.1:3000/till/#/checkout' } };

/** An `ipcMain` stand-in that records each `handle(channel, listener)` and lets a test call the listeners. */
export interface RecordingIpc extends IpcHandlerRegistry {
  channels(): string[];
  /** Calls the listener of `channel` like Electron does: a listener that throws answers a rejected promise. */
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  invokeAs(event: IpcInvokeEvent, channel: string, ...args: unknown[]): Promise<unknown>;
}

export function recordingIpc(): RecordingIpc {
  const listeners = new Map<string, IpcInvokeListener>();
  const ipc: RecordingIpc = {
    handle(channel, listener) {
      // Electron refuses a second handler for a channel, so a test must too.
      if (listeners.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      listeners.set(channel, listener);
    },
    channels: () => [...listeners.keys()],
    invoke: (channel, ...args) => ipc.invokeAs(CALL_FROM_TILL, channel, ...args),
    async invokeAs(event, channel, ...args) {
      const listener = listeners.get(channel);
      if (listener === undefined) throw new Error(`No handler registered for '${channel}'`);
      return listener(event, ...args);
    },
  };
  return ipc;
}
