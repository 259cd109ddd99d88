import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { KITS_CHANNELS, type KitsTillBridge } from '../../electron/bridge.ts';

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  exposeCalls: 0,
  invocations: [] as { channel: string; args: unknown[] }[],
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld(key: string, api: unknown) {
      electron.exposeCalls += 1;
      electron.exposed.set(key, api);
    },
  },
  ipcRenderer: {
    async invoke(channel: string, ...args: unknown[]) {
      electron.invocations.push({ channel, args });
      return { answeredBy: channel };
    },
  },
}));

const PRELOAD = new URL('../../electron/preload/preload.ts', import.meta.url);
const RECEIPT = Uint8Array.from([0x1b, 0x40, 0x0a]);
const HOST_STATUS_QUERY = new TextEncoder().encode('~HS');

let kitsTill: KitsTillBridge;
beforeAll(async () => {
  await import('../../electron/preload/preload.ts');
  kitsTill = electron.exposed.get('kitsTill') as KitsTillBridge;
});

describe('the preload', () => {
  it('exposes exactly one thing to the page: window.kitsTill', () => {
    expect(electron.exposeCalls).toBe(1);
    expect([...electron.exposed.keys()]).toEqual(['kitsTill']);
    expect(Object.keys(kitsTill).sort()).toEqual(['hardware', 'info', 'vault']);
    expect(Object.keys(kitsTill.hardware).sort()).toEqual(['listSerialPorts', 'serialWrite', 'tcpExchange', 'tcpPrint']);
    expect(Object.keys(kitsTill.vault).sort()).toEqual(['seal', 'unseal']);
  });

  it.each([
    ['info()', (bridge: KitsTillBridge) => bridge.info(), KITS_CHANNELS.appInfo, []],
    ['hardware.listSerialPorts()', (bridge: KitsTillBridge) => bridge.hardware.listSerialPorts(), KITS_CHANNELS.listSerialPorts, []],
    [
      'hardware.serialWrite()',
      (bridge: KitsTillBridge) => bridge.hardware.serialWrite('/dev/ttyUSB0', 9600, RECEIPT),
      KITS_CHANNELS.serialWrite,
      ['/dev/ttyUSB0', 9600, RECEIPT],
    ],
    [
      'hardware.tcpPrint()',
      (bridge: KitsTillBridge) => bridge.hardware.tcpPrint('192.168.1.50', 9100, RECEIPT),
      KITS_CHANNELS.tcpPrint,
      ['192.168.1.50', 9100, RECEIPT],
    ],
    [
      'hardware.tcpExchange()',
      (bridge: KitsTillBridge) => bridge.hardware.tcpExchange('192.168.1.50', 9100, HOST_STATUS_QUERY),
      KITS_CHANNELS.tcpExchange,
      ['192.168.1.50', 9100, HOST_STATUS_QUERY],
    ],
    [
      'hardware.tcpExchange() with options',
      (bridge: KitsTillBridge) => bridge.hardware.tcpExchange('192.168.1.50', 9100, HOST_STATUS_QUERY, { answerLines: 3 }),
      KITS_CHANNELS.tcpExchange,
      ['192.168.1.50', 9100, HOST_STATUS_QUERY, { answerLines: 3 }],
    ],
    ['vault.seal()', (bridge: KitsTillBridge) => bridge.vault.seal('secret'), KITS_CHANNELS.vaultSeal, ['secret']],
    ['vault.unseal()', (bridge: KitsTillBridge) => bridge.vault.unseal('c2VhbGVk'), KITS_CHANNELS.vaultUnseal, ['c2VhbGVk']],
  ])('%s invokes its channel once, with its arguments as given, and answers what main answers', async (_method, call, channel, args) => {
    const before = electron.invocations.length;

    const answer = await call(kitsTill);

    expect(electron.invocations.slice(before)).toEqual([{ channel, args }]);
    expect(answer).toEqual({ answeredBy: channel });
  });

  it('runs as Electron runs a sandboxed preload: a plain CommonJS script that may require nothing but electron', () => {
    const source = readFileSync(PRELOAD, 'utf8');
    // As till/electron/tsconfig.json compiles it: preload/package.json makes the folder CommonJS.
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    });
    const required: string[] = [];
    const exposed = new Map<string, unknown>();
    const sandboxRequire = (name: string): unknown => {
      required.push(name);
      if (name !== 'electron') throw new Error(`module not found: ${name}`);
      return {
        contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
        ipcRenderer: { invoke: async () => undefined },
      };
    };
    const commonJsModule = { exports: {} };

    runInNewContext(outputText, { require: sandboxRequire, module: commonJsModule, exports: commonJsModule.exports });

    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['kitsTill']);
  });
});
