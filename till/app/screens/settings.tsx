import { useState } from 'preact/hooks';
import { lockAfterMs, setLockAfterMinutes } from '../lock/idle-lock.ts';
import { HardwarePanel, ReceiptPrinterPanel } from '../receipts/printer-settings.tsx';
import { Slot } from '../plugins/slot-view.tsx';
import type { TillRuntime } from '../till-runtime.ts';

const LOCK_CHOICES = [1, 2, 5, 10, 15, 30];

/** This till's own settings (kept on the device): locking, the receipt printer, the hardware it reaches; and the plugins' settings panels. */
export function SettingsScreen({ runtime }: { runtime: TillRuntime }) {
  const [lockMinutes, setLockMinutes] = useState(Math.round(lockAfterMs() / 60_000));
  const { session } = runtime;
  return (
    <section class="settings-screen">
      <div class="panel">
        <h2>This till</h2>
        <dl class="facts">
          <dt>Store</dt>
          <dd>{runtime.location.name ? `${runtime.location.name} (${session.tenant})` : session.tenant}</dd>
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
      <ReceiptPrinterPanel runtime={runtime} />
      <HardwarePanel runtime={runtime} />
      <Slot slots={runtime.plugins.slots} name="settings" props={{}} />
    </section>
  );
}
