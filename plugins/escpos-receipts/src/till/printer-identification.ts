import type { TillHardware, TillPeripherals } from '@kits/plugin-sdk/till';
import { IDENTITY_QUERY, parsePrinterIdentity } from '../shared/printer-identity.ts';

/** How long a printer may take to answer `GS I` (it answers at once when it implements it). */
const ANSWER = { idleMs: 200, timeoutMs: 1_500 } as const;

/**
 * Asks a network receipt printer its model and firmware (`GS I`) once per address while the till
 * runs, after its first receipt printed, and tells the till's peripherals: the heartbeat takes them
 * to the devices service. A printer that does not answer is left as it is: it prints, it just does not
 * say what it is. (A serial printer is not asked: the till's hardware writes to serial ports, it does
 * not read them.)
 */
export function printerIdentification(hardware: TillHardware, peripherals: TillPeripherals) {
  const asked = new Map<string, Promise<void>>();
  return {
    /** Identifies the printer at host:port unless it was asked already; resolves when done (never rejects). */
    afterPrint(host: string, port: number): Promise<void> {
      const address = `${host}:${port}`;
      let pending = asked.get(address);
      if (!pending) {
        pending = hardware.tcpExchange(host, port, IDENTITY_QUERY, ANSWER).then(
          (answer) => {
            const identity = parsePrinterIdentity(answer);
            if (identity)
              peripherals.identified({
                kind: 'receipt-printer',
                address,
                ...(identity.model ? { model: identity.model } : {}),
                ...(identity.firmware ? { version: identity.firmware } : {}),
              });
          },
          () => undefined, // no answer: a printer without GS I, or it went away; printing already told the cashier
        );
        asked.set(address, pending);
      }
      return pending;
    },
  };
}
