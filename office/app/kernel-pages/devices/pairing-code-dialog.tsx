import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Button, Dialog, ProblemNotice, Spinner, useResource } from '@kits/ui-kit';
import { useEffect, useState } from 'preact/hooks';
import { TENANT, type Device } from '../kernel-api.ts';

/** Minutes and seconds until `iso`: "14:32"; "expired" once past. */
function remaining(iso: string, now: number): string {
  const left = Math.max(0, Math.floor((Date.parse(iso) - now) / 1000));
  if (left === 0) return 'expired';
  return `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
}

/**
 * Makes a one-time pairing code for a till and shows it big, to be typed on the till, with how long
 * it still works. The code is shown here once; the kernel keeps only its hash.
 */
export function PairingCodeDialog({ context, device, onClose }: { context: OfficePluginContext; device: Device; onClose: () => void }) {
  const code = useResource(
    () => context.api.post<{ code: string; expiresAt: string }>(`${TENANT}/devices/${device.id}/pairing-code`),
    [device.id],
  );
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const expired = code.data ? Date.parse(code.data.expiresAt) <= now : false;
  return (
    <Dialog
      open
      title={`Pair ${device.name}`}
      onClose={onClose}
      footer={
        <>
          {expired && <Button onClick={code.reload}>Make a new code</Button>}
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        </>
      }
    >
      {code.error !== undefined ? (
        <ProblemNotice error={code.error} what="Making a pairing code" onRetry={code.reload} />
      ) : !code.data ? (
        <Spinner label="Making a code…" />
      ) : (
        <div class="k-text--center">
          <p>On the till, open /till and type this code:</p>
          <output class="k-display-code" aria-label="Pairing code" data-testid="pairing-code">
            {code.data.code.slice(0, 4)}
            <span aria-hidden="true"> </span>
            {code.data.code.slice(4)}
          </output>
          <p class={expired ? 'k-form__problems' : 'k-muted k-text--small'} data-testid="pairing-expiry">
            {expired
              ? 'This code has expired. Make a new one.'
              : `Works once, for ${remaining(code.data.expiresAt, now)} more (until ${new Date(code.data.expiresAt).toLocaleTimeString()}).`}
          </p>
        </div>
      )}
    </Dialog>
  );
}
