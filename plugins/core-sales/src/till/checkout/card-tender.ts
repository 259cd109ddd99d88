import type { PaymentView } from '../../shared/payment-view.ts';
import { CheckoutRefused, type CheckoutMachine, type Tender } from './checkout-machine.ts';
import { CARD_NEEDS_CONNECTION, isOffline, type CardPayments } from './card-payments.ts';

/** Where the card payment on the tender screen stands, as the card panel shows it. */
export type CardStatus =
  | { readonly kind: 'idle' }
  /** The server is being asked to start the payment. */
  | { readonly kind: 'asking'; readonly amount: number }
  /** On the reader: what it asks of the customer ("Present card on reader Front-1"). */
  | {
      readonly kind: 'waiting';
      readonly amount: number;
      readonly message: string;
      readonly canceling: boolean;
      /** Set while the server cannot be reached (the till keeps asking). */
      readonly trouble?: string;
    }
  | { readonly kind: 'declined'; readonly amount: number; readonly message: string }
  | { readonly kind: 'approved'; readonly tender: Tender }
  | { readonly kind: 'canceled' }
  /** Refused before or while taking it (offline, the server said no): the cashier takes another tender. */
  | { readonly kind: 'refused'; readonly message: string };

const CANCEL_UNREACHABLE =
  'The server cannot be reached to cancel the card payment. It is not part of this sale: the server releases it by itself. Take cash, or try the card again when the till is back online.';

/**
 * One card payment at a time on the tender step: asked of the server for the sale, followed on the
 * reader (polled about every 500 ms) until approved — then it is a tender and the sale completes
 * when covered — declined, or canceled (Esc). The checkout machine holds the attempt, so no other
 * tender is taken and the step is not left while the customer may be holding their card to the reader.
 */
export class CardTender {
  readonly #machine: CheckoutMachine;
  readonly #payments: CardPayments;
  readonly #pollMs: number;
  /** Told when a card tender was added (the checkout completes the sale if it is covered). */
  readonly #onApproved: (tender: Tender) => Promise<void>;
  readonly #listeners = new Set<(status: CardStatus) => void>();
  #status: CardStatus = { kind: 'idle' };
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Esc came before the server said which payment it is: cancel it as soon as it does. */
  #cancelAsked = false;
  #lastTry: { method: string; amount: number } | undefined;

  constructor(
    machine: CheckoutMachine,
    payments: CardPayments,
    options: { readonly pollMs?: number; readonly onApproved: (tender: Tender) => Promise<void> },
  ) {
    this.#machine = machine;
    this.#payments = payments;
    this.#pollMs = options.pollMs ?? 500;
    this.#onApproved = options.onApproved;
  }

  get status(): CardStatus {
    return this.#status;
  }

  /** Calls `listener` on every change of status; returns the unsubscribe. */
  watch(listener: (status: CardStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Charges `amount` to a card for the sale on the tender step. Refused at once (CheckoutRefused,
   * nothing started) when the machine says no: more than is due, a payment already waiting.
   */
  async pay(method: string, amount: number): Promise<void> {
    const state = this.#machine.state;
    if (state.step !== 'tender') throw new CheckoutRefused('checkout.not_in_tender', 'Take payment from the tender step.');
    const tenderId = this.#payments.newTenderId();
    this.#machine.startCard({ tenderId, method, amount });
    this.#lastTry = { method, amount };
    this.#cancelAsked = false;
    this.#set({ kind: 'asking', amount });
    let view: PaymentView;
    try {
      view = await this.#payments.start({ saleId: state.saleId, tenderId, method, amount });
    } catch (error) {
      this.#machine.cardEnded(tenderId);
      this.#set({ kind: 'refused', message: isOffline(error) ? CARD_NEEDS_CONNECTION : (error as Error).message });
      return;
    }
    await this.#apply(tenderId, view);
  }

  /** After a decline: the same amount on another card (a new try, so a new tender id). */
  async tryAgain(): Promise<void> {
    if (this.#status.kind !== 'declined' || !this.#lastTry) return;
    await this.pay(this.#lastTry.method, this.#lastTry.amount);
  }

  /** Esc: cancels the reader's action (the customer keeps their money); back to the tender screen. */
  async cancel(): Promise<void> {
    const attempt = this.#machine.cardWaiting;
    if (!attempt) return;
    if (!attempt.paymentId) {
      this.#cancelAsked = true;
      return;
    }
    if (this.#status.kind === 'waiting') this.#set({ ...this.#status, canceling: true });
    let view: PaymentView;
    try {
      view = await this.#payments.cancel(attempt.paymentId);
    } catch (error) {
      if (isOffline(error)) {
        // Nothing is added to the sale; the server cancels what it still holds for a sale that never used it.
        this.#machine.cardEnded(attempt.tenderId);
        this.#set({ kind: 'refused', message: CANCEL_UNREACHABLE });
      } else if (this.#status.kind === 'waiting') {
        this.#set({ ...this.#status, canceling: false, trouble: (error as Error).message });
      }
      return;
    }
    await this.#apply(attempt.tenderId, view);
  }

  /** Back to no card on screen (a new tender step, or the cashier dismissed the answer). */
  reset(): void {
    this.#stopPolling();
    if (this.#status.kind !== 'idle') this.#set({ kind: 'idle' });
  }

  async #apply(tenderId: string, view: PaymentView): Promise<void> {
    // An answer about a try that is over (canceled locally, the step left) changes nothing.
    if (this.#machine.cardWaiting?.tenderId !== tenderId) return;
    const amount = this.#machine.cardWaiting.amount;
    switch (view.state) {
      case 'pending': {
        if (!this.#machine.cardWaiting.paymentId) this.#machine.cardAsked(tenderId, view.id);
        const canceling = this.#status.kind === 'waiting' && this.#status.canceling;
        this.#set({ kind: 'waiting', amount, message: view.action?.message ?? 'Waiting for card…', canceling });
        if (this.#cancelAsked) {
          this.#cancelAsked = false;
          await this.cancel();
          return;
        }
        this.#poll(tenderId, view.id);
        return;
      }
      case 'authorized':
      case 'captured': {
        const tender = this.#machine.cardApproved(tenderId, { paymentId: view.id, card: view.card });
        this.#set({ kind: 'approved', tender });
        try {
          await this.#onApproved(tender);
        } catch (error) {
          this.#set({ kind: 'refused', message: (error as Error).message });
        }
        return;
      }
      case 'declined':
        this.#machine.cardEnded(tenderId);
        this.#set({ kind: 'declined', amount, message: `Declined: ${view.decline?.message ?? 'the card was declined.'}` });
        return;
      case 'canceled':
        this.#machine.cardEnded(tenderId);
        this.#set({ kind: 'canceled' });
        return;
      default:
        this.#machine.cardEnded(tenderId);
        this.#set({ kind: 'refused', message: `The card payment is ${view.state.replace('_', ' ')}: take another tender.` });
    }
  }

  #poll(tenderId: string, paymentId: string): void {
    this.#stopPolling();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#payments.status(paymentId).then(
        (view) => this.#apply(tenderId, view),
        (error: Error) => {
          if (this.#machine.cardWaiting?.tenderId !== tenderId) return;
          const status = (error as { status?: number }).status;
          if (!isOffline(error) && status !== undefined && status < 500) {
            // The server refuses to follow this payment (it does not know it): nothing is added to the sale.
            this.#machine.cardEnded(tenderId);
            this.#set({ kind: 'refused', message: error.message });
            return;
          }
          // Lost the server for a moment: the reader may still be taking the card, so keep asking.
          if (this.#status.kind === 'waiting')
            this.#set({
              ...this.#status,
              trouble: isOffline(error) ? 'The server cannot be reached: still waiting for its answer…' : error.message,
            });
          this.#poll(tenderId, paymentId);
        },
      );
    }, this.#pollMs);
  }

  #stopPolling(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #set(status: CardStatus): void {
    if (status.kind !== 'waiting') this.#stopPolling();
    this.#status = status;
    for (const listener of this.#listeners) listener(status);
  }
}
