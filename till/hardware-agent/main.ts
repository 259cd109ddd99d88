/**
 * The local hardware agent, run next to a till that is a plain browser page (DESIGN §6): the page
 * reaches the shop's printers and serial devices through it over a WebSocket on 127.0.0.1.
 *
 *   npm run --workspace till hardware-agent -- --allow-origin http://192.168.1.10:3000 [--port 9181]
 *
 * Or set KITS_HARDWARE_AGENT_ORIGINS (comma-separated) and KITS_HARDWARE_AGENT_PORT.
 */
import { parseArgs } from 'node:util';
import { listSerialPorts, writeToSerialPort } from '../hardware/serial-port.ts';
import { exchangeOverTcp } from '../hardware/tcp-exchange.ts';
import { printOverTcp } from '../hardware/tcp-printer.ts';
import { startHardwareAgent } from './agent-server.ts';
import { DEFAULT_AGENT_PORT } from '@kits/plugin-sdk/hardware-agent';

/** A kernel on this machine (`npm start`), under both names a browser may have opened it by. */
const DEFAULT_ORIGINS = ['http://127.0.0.1:3000', 'http://localhost:3000'];

function configuration(): { port: number; allowedOrigins: string[] } {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'allow-origin': { type: 'string', multiple: true },
    },
  });
  const portText = values.port ?? process.env['KITS_HARDWARE_AGENT_PORT'] ?? String(DEFAULT_AGENT_PORT);
  const port = Number(portText);
  // 0 lets the system pick a free port (the agent prints which).
  if (portText.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a port number from 1 to 65535 (or 0 for any free one), got "${portText}"`);
  }
  const fromEnvironment = (process.env['KITS_HARDWARE_AGENT_ORIGINS'] ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  const allowedOrigins = values['allow-origin'] ?? (fromEnvironment.length > 0 ? fromEnvironment : DEFAULT_ORIGINS);
  return { port, allowedOrigins };
}

try {
  const { port, allowedOrigins } = configuration();
  const agent = await startHardwareAgent({
    port,
    allowedOrigins,
    devices: { listSerialPorts, writeToSerialPort, printOverTcp, exchangeOverTcp },
    log: (line) => console.log(`${new Date().toISOString()} ${line}`),
  });
  console.log(`KiTS POS hardware agent on ${agent.url}, for the till and office pages of ${allowedOrigins.join(', ')}`);
  const stop = () => void agent.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`The hardware agent did not start: ${(error as Error).message}`);
  process.exit(1);
}
