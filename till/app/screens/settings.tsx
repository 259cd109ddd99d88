import { useEffect, useState } from 'preact/hooks';
import type { SerialPortSummary } from '../../electron/bridge.ts';
import { lockAfterMs, setLockAfterMinutes } from '../lock/idle-lock.ts';
import { Slot } from '../plugins/slot-view.tsx';
import type { TillRuntime } from '../till-runtime.ts';

const LOCK_CHOICES = [1, 2, 5, 10, 15, 30];

/** This till's own settings (kept on the device), the hardware it sees, and the plugins' settings panels. */
export function SettingsScreen({ runtime }: { runtime: TillRuntime }) {
  const [lockMinutes, setLockMinutes] = useState(Math.round(lockAfterMs() / 60_000));
  const [ports, setPorts] = useState<SerialPortSummary[] | 'browser'>();
  const { session } = runtime;
  useEffect(() => {
    const shell = window.kitsTill;
    if (!shell) return setPorts('browser');
    void shell.hardware.listSerialPorts().then(setPorts, () => setPorts([]));
  }, []);
  return (
    <section class="settings-screen">
      <div class="panel">
        <h2>This till</h2>
        <dl class="facts">
          <dt>Store</dt>
          <dd>{session.tenant}</dd>
          <dt>Device</dt>
          <dd>{session.deviceId}</dd>
          <dt>Signed in</dt>
          <dd>{session.cashier}</dd>
        </dl>
        <label>
          Lock after no touch for
          <select
            name="lock-after"
            value={String(lockMinutes)}
            onChange={(e) => {
              const minutes = Number(e.currentTarget.value);
              setLockAfterMinutes(minutes);
              setLockMinutes(minutes);
            }}
          >
            {LOCK_CHOICES.map((minutes) => (
              <option key={minutes} value={minutes}>
                {minutes} {minutes === 1 ? 'minute' : 'minutes'}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div class="panel">
        <h2>Printers and devices</h2>
        {ports === 'browser' && (
          <p class="hint">
            In a browser the till reaches no hardware itself: run it in the KiTS POS shell (Electron) on the till's computer for serial and
            network printers and the cash drawer.
          </p>
        )}
        {Array.isArray(ports) && (ports.length === 0 ? <p class="hint">No serial port found.</p> : null)}
        {Array.isArray(ports) && ports.length > 0 && (
          <ul>
            {ports.map((port) => (
              <li key={port.path}>
                {port.path} {port.manufacturer ?? ''}
              </li>
            ))}
          </ul>
        )}
        <p class="hint">Receipts print through a printer plugin when the store enables one; none is enabled on this till.</p>
      </div>
      <Slot slots={runtime.plugins.slots} name="settings" props={{}} />
    </section>
  );
}
