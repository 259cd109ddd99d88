/**
 * `@kits/plugin-sdk/hardware-agent`: how a page (the till in a browser, the back office) reaches
 * the local hardware agent (`till/hardware-agent`) — the protocol both sides speak, the page's
 * client, and the calls built on it. For the host apps, not for plugins: a plugin gets its
 * hardware from its context (`TillHardware`, `OfficeHardware`).
 */
export * from './agent-protocol.ts';
export * from './agent-client.ts';
export * from './agent-hardware.ts';
export * from './agent-address.ts';
