import type { PaymentReaderDevice, TenantTransaction } from '@kits/plugin-sdk';
import type Stripe from 'stripe';
import { readOnly, type Writes } from './payment-store.ts';

/** The reader as a pending payment's action names it (`readerDevice`): Stripe's id, its device type and the software it reports. */
export function readerDeviceOf(reader: Stripe.Terminal.Reader): PaymentReaderDevice {
  return {
    id: reader.id,
    ...(reader.device_type ? { model: reader.device_type } : {}),
    ...(reader.device_sw_version ? { version: reader.device_sw_version } : {}),
  };
}

/**
 * Keeps the software version a reader reports to Stripe (`device_sw_version`) on its row, whenever
 * stripe-pay sees the Reader: one statement, which writes only when the version changed. A reader
 * that reports none keeps the version it had. A read-only transaction (a GET's poll) writes nothing:
 * its answer carries what was heard, and the next call that writes records it.
 */
export async function recordReaderSoftware(tx: TenantTransaction, reader: Stripe.Terminal.Reader, writes?: Writes): Promise<void> {
  const version = reader.device_sw_version;
  if (!version) return;
  if (!writes && (await readOnly(tx))) return;
  await tx.query('update stripe_pay.readers set software_version = $2 where reader_id = $1 and software_version is distinct from $2', [
    reader.id,
    version,
  ]);
}
