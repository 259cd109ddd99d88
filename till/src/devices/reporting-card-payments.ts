import { GatewayError, type GatewayClient } from '../sync/gateway-client.ts';
import type { PeripheralStatus } from './peripheral-status.ts';

/** Where the card tender takes card payments (payments@ through core-sales; `…/methods` is a lookup, not the reader). */
const CARD_PAYMENTS = '/api/v1/core-sales/payments';
const READER = 'Card reader';

const isCardPayment = (path: string) => path.startsWith(CARD_PAYMENTS) && !path.startsWith(`${CARD_PAYMENTS}/methods`);

/**
 * The gateway as plugins use it, reporting the card tender's outcomes to `status`: a card payment
 * the server took on (pending, approved or declined) means the reader answered; a problem the
 * server answered with (a reader offline, the provider failing) is the reader's error. A till
 * that cannot reach the server says nothing about the reader.
 */
export function reportingCardPayments(client: GatewayClient, status: PeripheralStatus): GatewayClient {
  const watch = async <Result>(path: string, call: () => Promise<Result>): Promise<Result> => {
    if (!isCardPayment(path)) return call();
    try {
      const result = await call();
      status.report('card-reader', READER, { ok: true });
      return result;
    } catch (error) {
      if (error instanceof GatewayError && (error.status >= 500 || /reader|terminal|provider/i.test(error.code ?? '')))
        status.report('card-reader', READER, { ok: false, message: error.message });
      throw error;
    }
  };
  return {
    ...client,
    get: (path) => watch(path, () => client.get(path)),
    post: (path, body, options) => watch(path, () => client.post(path, body, options)),
  };
}
