/**
 * The till window's preload. Electron runs it sandboxed, as a plain CommonJS script that may
 * require nothing but `electron`: so it imports only types from the contract, and names each
 * channel as a string literal that the contract's types check.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { KitsChannel, KitsChannelRequest, KitsChannelResponse, KitsTillBridge } from '../bridge.ts';

function invoke<C extends KitsChannel>(channel: C, ...args: KitsChannelRequest<C>): Promise<KitsChannelResponse<C>> {
  return ipcRenderer.invoke(channel, ...args) as Promise<KitsChannelResponse<C>>;
}

const kitsTill: KitsTillBridge = {
  info: () => invoke('kits:app:info'),
  hardware: {
    listSerialPorts: () => invoke('kits:hardware:list-serial-ports'),
    serialWrite: (path, baudRate, bytes) => invoke('kits:hardware:serial-write', path, baudRate, bytes),
    tcpPrint: (host, port, bytes) => invoke('kits:hardware:tcp-print', host, port, bytes),
    // Without options the call carries three arguments, as the handler's rules expect.
    tcpExchange: (host, port, bytes, options) =>
      options === undefined
        ? invoke('kits:hardware:tcp-exchange', host, port, bytes)
        : invoke('kits:hardware:tcp-exchange', host, port, bytes, options),
  },
  vault: {
    seal: (text) => invoke('kits:vault:seal', text),
    unseal: (sealedBase64) => invoke('kits:vault:unseal', sealedBase64),
  },
};

contextBridge.exposeInMainWorld('kitsTill', kitsTill);
