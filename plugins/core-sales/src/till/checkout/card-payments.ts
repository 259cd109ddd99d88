import { TillOfflineError, uuidv7 } from '@kits/plugin-sdk/till';
import type { PaymentMethodsView, PaymentView } from '../../shared/payment-view.ts';
import type { SalesTill } from '../sales-till.ts';

/** Where core-sales takes card payments for the till (see `shared/payment-view.ts`). */
const PAYMENTS = '/api/v1/core-sales/payments';

/** The methods the enabled payment plugin takes, as this till last heard them (device state). */
const PAYMENT_METHODS = 'payment-methods';

/** What the till says when a card is asked for without the server (issue 21's contract, word for word). */
export const CARD_NEEDS_CONNECTION =
  'Card payments need a connection to the server — take cash, or try again when the till is back online.';

/** Whether a failure means the server cannot be reached (the SDK's error, or one like it from another bundle). */
export const isOffline = (error: unknown): boolean =>
  error instanceof TillOfflineError || (error instanceof Error && error.name === 'TillOfflineError');

/** Whether the browser itself knows it has no network (a till whose cable is out refuses a card at once). */
const browserOffline = (): boolean => typeof navigator !== 'undefined' && navigator.onLine === false;

/**
 * The card methods this till offers: asked of the server when it answers, remembered on the device
 * for the next start (a till that starts offline still shows the button, and then refuses the card
 * with the message above). None (no payment plugin enabled): no card button.
 */
export async function loadPaymentMethods(till: Pick<SalesTill, 'api' | 'device'>): Promise<readonly string[]> {
  try {
    const { methods } = await till.api.get<PaymentMethodsView>(`${PAYMENTS}/methods`);
    await till.device.set(PAYMENT_METHODS, methods);
    return methods;
  } catch (error) {
    // Offline or a server error: what the till heard last time.
    if (isOffline(error) || ((error as { status?: number }).status ?? 500) >= 500)
      return (await till.device.get<readonly string[]>(PAYMENT_METHODS)) ?? [];
    // The server answered that it offers no payments here (an older core-sales, a refusal): no card button.
    await till.device.set(PAYMENT_METHODS, []);
    return [];
  }
}

/** The server's side of a card payment, as the till's card panel drives it. */
export interface CardPayments {
  /** Asks the server to take `amount` for the sale; the answer is usually `pending` (present the card). */
  start(request: {
    readonly saleId: string;
    readonly tenderId: string;
    readonly method: string;
    readonly amount: number;
  }): Promise<PaymentView>;
  /** Where the payment stands now (the server asks the provider). */
  status(paymentId: string): Promise<PaymentView>;
  /** Cancels the reader's action, or releases an authorization the sale will not use. */
  cancel(paymentId: string): Promise<PaymentView>;
  /** A new id for one try (a card tried again after a decline is a new try). */
  newTenderId(): string;
}

/** Card payments through core-sales' payment routes; offline, each call is refused with `CARD_NEEDS_CONNECTION`. */
export function cardPayments(api: SalesTill['api']): CardPayments {
  const online = async <Result>(call: () => Promise<Result>): Promise<Result> => {
    if (browserOffline()) throw new TillOfflineError(CARD_NEEDS_CONNECTION);
    try {
      return await call();
    } catch (error) {
      throw isOffline(error) ? new TillOfflineError(CARD_NEEDS_CONNECTION) : error;
    }
  };
  return {
    start: (request) => online(() => api.post<PaymentView>(PAYMENTS, request)),
    status: (paymentId) => online(() => api.get<PaymentView>(`${PAYMENTS}/${encodeURIComponent(paymentId)}`)),
    cancel: (paymentId) => online(() => api.post<PaymentView>(`${PAYMENTS}/${encodeURIComponent(paymentId)}/cancel`, {})),
    newTenderId: () => uuidv7(),
  };
}
