import type { PaymentReaderDevice } from '@kits/plugin-sdk/till';
import { GatewayError, type GatewayClient } from '../sync/gateway-client.ts';
import type { PeripheralStatus } from './peripheral-status.ts';

/** Where the card tender takes card payments (payments@ through core-sales; `…/methods` is a lookup, not the reader). */
const CARD_PAYMENTS = '/api/v1/core-sales/payments';
const READER = 'Card reader';

const isCardPayment = (path: string) => path.startsWith(CARD_PAYMENTS) && !path.startsWith(`${CARD_PAYMENTS}/methods`);

/** The reader a payment answer names (`action.reader`, `action.readerDevice`), when it names one. */
function readerOf(answer: unknown): { name: string; device: PaymentReaderDevice } | undefined {
  const action = (answer as { action?: { reader?: unknown; readerDevice?: PaymentReaderDevice } | null } | null)?.action;
  const device = action?.readerDevice;
  if (!device || typeof device.id !== 'string' || !device.id.trim()) return undefined;
  return { name: typeof action.reader === 'string' ? `${READER} ${action.reader}` : READER, device };
}

/**
 * The gateway as plugins use it, reporting the card tender's outcomes to `status`: a card payment
 * the server took on (pending, approved or declined) means the reader answered; a problem the
 * server answered with (a reader offline, the provider failing) is the reader's error. A till
 * that cannot reach the server says nothing about the reader. When the provider names the reader
 * (its id, model and software version), the till reports it as that device (D-224).
 */
export function reportingCardPayments(client: GatewayClient, status: PeripheralStatus): GatewayClient {
  let lastReader: { name: string; device: PaymentReaderDevice } | undefined;
  const watch = async <Result>(path: string, call: () => Promise<Result>): Promise<Result> => {
    if (!isCardPayment(path)) return call();
    try {
      const result = await call();
      lastReader = readerOf(result) ?? lastReader;
      if (lastReader) {
        const { name, device } = lastReader;
        status.report('card-reader', name, { ok: true }, new Date(), device.id);
        status.identified({
          kind: 'card-reader',
          address: device.id,
          ...(device.model ? { model: device.model } : {}),
          ...(device.version ? { version: device.version } : {}),
        });
      } else status.report('card-reader', READER, { ok: true });
      return result;
    } catch (error) {
      if (error instanceof GatewayError && (error.status >= 500 || /reader|terminal|provider/i.test(error.code ?? '')))
        status.report('card-reader', lastReader?.name ?? READER, { ok: false, message: error.message }, new Date(), lastReader?.device.id);
      throw error;
    }
  };
  return {
    ...client,
    get: (path) => watch(path, () => client.get(path)),
    post: (path, body, options) => watch(path, () => client.post(path, body, options)),
  };
}
