import { useEffect, useState } from 'preact/hooks';
import type { TillSerialPortListing } from '@kits/plugin-sdk/till';
import type { TillRuntime } from '../till-runtime.ts';
import {
  choosePrinter,
  chosenPrinterKey,
  hardwareAgentUrl,
  printsEveryReceipt,
  setHardwareAgentUrl,
  setPrintsEveryReceipt,
} from './printing-settings.ts';

const NO_PRINTER = '';

/** Which receipt printer this till prints on (among those the store's plugins offer), and when. */
export function ReceiptPrinterPanel({ runtime }: { runtime: TillRuntime }) {
  const offered = runtime.plugins.printers.list();
  const [printer, setPrinter] = useState(() => {
    const key = chosenPrinterKey();
    return key !== undefined && runtime.plugins.printers.find(key) ? key : NO_PRINTER;
  });
  const [every, setEvery] = useState(printsEveryReceipt);
  return (
    <div class="panel" data-testid="receipt-printer-settings">
      <h2>Receipts</h2>
      <label>
        Receipt printer
        <select
          name="receipt-printer"
          value={printer}
          onChange={(e) => {
            const key = e.currentTarget.value;
            choosePrinter(key === NO_PRINTER ? undefined : key);
            setPrinter(key);
          }}
        >
          <option value={NO_PRINTER}>No printer (receipts on screen only)</option>
          {offered.map((option) => (
            <option key={option.key} value={option.key}>
              {option.name} — {option.pluginName}
            </option>
          ))}
        </select>
      </label>
      <label>
        When to print
        <select
          name="print-receipts"
          value={every ? 'every' : 'asked'}
          disabled={printer === NO_PRINTER}
          onChange={(e) => {
            const value = e.currentTarget.value === 'every';
            setPrintsEveryReceipt(value);
            setEvery(value);
          }}
        >
          <option value="every">Every receipt, as the sale completes</option>
          <option value="asked">Only when asked (P on the receipt screen)</option>
        </select>
      </label>
      {offered.length === 0 && (
        <p class="hint">
          No printer plugin is enabled for this store: receipts are shown on screen. A printer plugin (ESC/POS receipts) adds its printers
          here.
        </p>
      )}
    </div>
  );
}

type AgentCheck = 'checking' | 'reachable' | 'unreachable' | 'none';

/** What asking for the serial ports gave: the listing, or why there is none. */
type SerialPortsAnswer = TillSerialPortListing | { readonly failed: string };

/** The hardware this till reaches: the shell's own, or the local hardware agent's (its address set here). */
export function HardwarePanel({ runtime }: { runtime: TillRuntime }) {
  const inShell = window.kitsTill !== undefined;
  const [address, setAddress] = useState(hardwareAgentUrl);
  const [problem, setProblem] = useState<string>();
  const [check, setCheck] = useState<AgentCheck>('checking');
  const [listing, setListing] = useState<SerialPortsAnswer>();

  const checkHardware = async () => {
    setListing(undefined);
    if (!inShell && hardwareAgentUrl() === '') return setCheck('none');
    setCheck('checking');
    const reachable = await runtime.hardware.available();
    setCheck(reachable ? 'reachable' : 'unreachable');
    if (!reachable) return;
    setListing(await runtime.hardware.listSerialPorts().catch((error: Error) => ({ failed: error.message })));
  };
  useEffect(() => void checkHardware(), []);

  const save = (event: Event) => {
    event.preventDefault();
    try {
      setAddress(setHardwareAgentUrl(address));
      setProblem(undefined);
      void checkHardware();
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  return (
    <div class="panel" data-testid="hardware-settings">
      <h2>Printers and devices</h2>
      {inShell ? (
        <p class="hint">This till runs in the KiTS POS shell: it drives the printers and serial devices of this computer itself.</p>
      ) : (
        <>
          <p class="hint">
            In a browser the till reaches printers and serial devices through the hardware agent, a small program running on this computer.
          </p>
          <form class="agent-form" onSubmit={save}>
            <label>
              Hardware agent address
              <span class="agent-address">
                <input
                  name="hardware-agent"
                  value={address}
                  placeholder="ws://127.0.0.1:9181 — empty for none"
                  onInput={(e) => setAddress(e.currentTarget.value)}
                  aria-invalid={problem !== undefined}
                />
                <button type="submit">Save and check</button>
              </span>
            </label>
          </form>
          {problem && (
            <p class="error" role="alert">
              {problem}
            </p>
          )}
        </>
      )}
      <HardwareStatus check={check} inShell={inShell} />
      {listing && <SerialPorts listing={listing} />}
    </div>
  );
}

/** The serial ports found, what made the list incomplete, or why there is none. */
function SerialPorts({ listing }: { listing: SerialPortsAnswer }) {
  if ('failed' in listing) {
    return (
      <p class="error" role="alert">
        {listing.failed}
      </p>
    );
  }
  return (
    <>
      {listing.notice && (
        <p class="hint" role="note" data-testid="serial-ports-notice">
          {listing.notice}
        </p>
      )}
      {listing.ports.length > 0 && (
        <ul class="serial-ports">
          {listing.ports.map((port) => (
            <li key={port.path}>
              {port.path} {port.manufacturer ?? ''}
            </li>
          ))}
        </ul>
      )}
      {listing.ports.length === 0 && <p class="hint">No serial port found.</p>}
    </>
  );
}

function HardwareStatus({ check, inShell }: { check: AgentCheck; inShell: boolean }) {
  if (inShell) return null;
  const text: Record<AgentCheck, string> = {
    checking: 'Looking for the hardware agent…',
    reachable: 'The hardware agent answers: printers and serial devices can be used.',
    unreachable: `No hardware agent answers at ${hardwareAgentUrl()}: start it on this computer with --allow-origin ${window.location.origin}, or check the address.`,
    none: 'No hardware agent is set: this till reaches no printer.',
  };
  return (
    <p class={`hardware-status ${check}`} role="status" data-testid="hardware-status">
      {text[check]}
    </p>
  );
}
