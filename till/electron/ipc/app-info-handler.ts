import { KITS_CHANNELS, type TillShellInfo } from '../bridge.ts';
import { noArguments } from './bridge-requests.ts';
import { handleChannel, type IpcHandlerRegistry } from './ipc-registry.ts';

/** Registers `kits:app:info`, answering the versions of the shell the till runs in. */
export function registerAppInfoHandler(ipc: IpcHandlerRegistry, info: TillShellInfo): void {
  handleChannel(ipc, KITS_CHANNELS.appInfo, (args) => {
    noArguments(KITS_CHANNELS.appInfo, args);
    return info;
  });
}
