import { priceSale, roundToStep, settle, taxBreakdown, type Discount, type PricedSale } from '../../shared/pricing.ts';
import {
  CheckoutRefused,
  type CardAttempt,
  type CartLine,
  type CheckoutDeps,
  type CheckoutState,
  type CompletedSaleEvent,
  type KeptCart,
  type Receipt,
  type SellableItem,
  type Tender,
  type TenderCard,
} from './checkout-types.ts';
import { saleApproval, type ManagerApproval } from './sale-approval.ts';

export * from './checkout-types.ts';

/** Selling a line at another price than the catalog's. */
export const PRICE_OVERRIDE = 'core-sales:price.override';

/**
 * The till's checkout, as plain state transitions: cart → tender → receipt → next cart. It prices
 * with the same code the server does (core-sales pricing), so the total the cashier shows is the
 * total the server computes, and completing a sale yields the till event to append to the log.
 */
export class CheckoutMachine {
  #current: CheckoutState = { step: 'cart', lines: [] };
  readonly #deps: CheckoutDeps;

  constructor(deps: CheckoutDeps) {
    this.#deps = deps;
  }

  get state(): CheckoutState {
    return this.#current;
  }

  set #state(state: CheckoutState) {
    this.#current = state;
    this.#deps.onChange?.(state);
  }

  get #state(): CheckoutState {
    return this.#current;
  }

  /** The cart as priced now (cart and tender steps). */
  priced(): PricedSale {
    const state = this.#cartState();
    const { pricing } = this.#deps;
    return priceSale(
      state.lines.map((line) => ({
        variantId: line.item.variantId,
        quantity: line.quantity,
        unitPrice: line.unitPriceOverride ?? line.item.unitPrice,
        taxRates: pricing.taxRates[line.item.taxClass] ?? [],
        ...(line.discount ? { discount: line.discount } : {}),
      })),
      state.cartDiscount,
      pricing.promotions,
      { pricesIncludeTax: pricing.pricesIncludeTax, taxRounding: pricing.taxRounding },
    );
  }

  /** Adds an item (a scan adds one); the same item again adds to its line. */
  add(item: SellableItem, quantity = 1): void {
    const state = this.#inCart();
    if (!Number.isInteger(quantity) || quantity < 1)
      throw new CheckoutRefused('checkout.bad_quantity', 'A quantity is a whole number of at least 1.');
    const index = state.lines.findIndex((l) => l.item.variantId === item.variantId && !l.discount && l.unitPriceOverride === undefined);
    const lines =
      index >= 0
        ? state.lines.map((l, i) => (i === index ? { ...l, quantity: l.quantity + quantity } : l))
        : [...state.lines, { item, quantity }];
    this.#state = { ...state, lines };
  }

  setQuantity(index: number, quantity: number): void {
    const state = this.#inCart();
    this.#line(state, index);
    if (!Number.isInteger(quantity) || quantity < 0)
      throw new CheckoutRefused('checkout.bad_quantity', 'A quantity is a whole number, 0 to remove the line.');
    const lines =
      quantity === 0 ? state.lines.filter((_, i) => i !== index) : state.lines.map((l, i) => (i === index ? { ...l, quantity } : l));
    this.#state = { ...state, lines };
  }

  /** A discount on one line (none removes it); a cashier without the permission needs a manager's `approval`. */
  discountLine(index: number, discount: Discount | undefined, approval?: ManagerApproval): void {
    const state = this.#inCart();
    this.#line(state, index);
    this.#require('core-sales:discount', 'A discount', approval);
    this.#state = {
      ...state,
      ...this.#approved(state, approval),
      lines: state.lines.map((l, i) =>
        i === index
          ? {
              item: l.item,
              quantity: l.quantity,
              ...(discount ? { discount } : {}),
              ...(l.unitPriceOverride !== undefined ? { unitPriceOverride: l.unitPriceOverride } : {}),
            }
          : l,
      ),
    };
  }

  /** Another price for one line; a cashier without the permission needs a manager's `approval`. */
  overridePrice(index: number, unitPrice: number, approval?: ManagerApproval): void {
    const state = this.#inCart();
    this.#line(state, index);
    if (!Number.isInteger(unitPrice) || unitPrice < 0)
      throw new CheckoutRefused('checkout.bad_price', 'A price is a whole number of minor units.');
    this.#require(PRICE_OVERRIDE, 'Another price', approval);
    this.#state = {
      ...state,
      ...this.#approved(state, approval),
      lines: state.lines.map((l, i) => (i === index ? { ...l, unitPriceOverride: unitPrice } : l)),
    };
  }

  discountCart(discount: Discount | undefined, approval?: ManagerApproval): void {
    const state = this.#inCart();
    this.#require('core-sales:discount', 'A cart discount', approval);
    const next = { ...state, ...this.#approved(state, approval), cartDiscount: discount };
    if (!discount) delete next.cartDiscount;
    this.#state = next;
  }

  /** Names the customer the sale is for, or none (undefined). */
  setCustomer(customerId: string | undefined): void {
    const state = this.#inCart();
    const next = { ...state, customerId };
    if (!customerId) delete next.customerId;
    this.#state = next;
  }

  /** Cart → tender: the sale gets its id here (card payments are taken for it). */
  startTender(): void {
    const state = this.#inCart();
    if (state.lines.length === 0) throw new CheckoutRefused('checkout.empty_cart', 'Add something to the cart first.');
    this.#state = { ...state, step: 'tender', tenders: [], saleId: this.#deps.newSaleId() };
  }

  /**
   * Tender → back to the cart (tenders taken so far are dropped). Answers the card payments whose
   * authorization must now be canceled (the customer keeps their money). Refused while a card
   * payment waits on the reader: cancel it first.
   */
  backToCart(): { readonly cancel: readonly string[] } {
    const state = this.#inTender();
    this.#noCardWaiting(state, 'Cancel the card payment on the reader (Esc) before going back to the cart.');
    const cancel = state.tenders.flatMap((t) => (t.paymentId ? [t.paymentId] : []));
    this.#state = {
      step: 'cart',
      lines: state.lines,
      ...(state.cartDiscount ? { cartDiscount: state.cartDiscount } : {}),
      ...(state.customerId ? { customerId: state.customerId } : {}),
      ...(state.resumedFrom ? { resumedFrom: state.resumedFrom } : {}),
      ...(state.approvals ? { approvals: state.approvals } : {}),
    };
    return { cancel };
  }

  /** What is still due (cash rounding applied when the rest would be paid in cash). */
  due(): { total: number; paid: number; remaining: number; remainingInCash: number } {
    const state = this.#inTender();
    const total = this.priced().total;
    const paid = state.tenders.reduce((n, t) => n + t.amount, 0);
    const remaining = Math.max(0, total - paid);
    const nonCash = state.tenders.filter((t) => t.method !== 'cash').reduce((n, t) => n + t.amount, 0);
    const cashDue = total - nonCash;
    const roundedCash = roundToStep(cashDue, this.#deps.pricing.cashRounding);
    const cash = state.tenders.filter((t) => t.method === 'cash').reduce((n, t) => n + t.amount, 0);
    return { total, paid, remaining, remainingInCash: Math.max(0, roundedCash - cash) };
  }

  addTender(tender: Tender): void {
    const state = this.#inTender();
    this.#noCardWaiting(state, 'Wait for the card payment’s answer, or cancel it (Esc), before taking another tender.');
    if (!Number.isInteger(tender.amount) || tender.amount <= 0)
      throw new CheckoutRefused('checkout.bad_amount', 'A tender is a positive amount.');
    this.#state = { ...state, tenders: [...state.tenders, tender] };
  }

  /** Takes a tender back; a card tender's payment id is answered: its authorization must be canceled. */
  removeTender(index: number): { readonly cancel: readonly string[] } {
    const state = this.#inTender();
    this.#noCardWaiting(state, 'Wait for the card payment’s answer, or cancel it (Esc), first.');
    const removed = state.tenders[index];
    this.#state = { ...state, tenders: state.tenders.filter((_, i) => i !== index) };
    return { cancel: removed?.paymentId ? [removed.paymentId] : [] };
  }

  /** The card payment waiting on the reader, if any. */
  get cardWaiting(): CardAttempt | undefined {
    return this.#current.step === 'tender' ? this.#current.card : undefined;
  }

  /**
   * A card payment starts for `amount` (what the cashier typed, else what remains due). A card
   * pays at most what is due (only cash gives change), and one card payment waits at a time.
   */
  startCard(attempt: { readonly tenderId: string; readonly method: string; readonly amount: number }): CardAttempt {
    const state = this.#inTender();
    this.#noCardWaiting(state, 'Wait for its answer, or cancel it (Esc), before starting another.');
    if (!Number.isInteger(attempt.amount) || attempt.amount <= 0)
      throw new CheckoutRefused('checkout.bad_amount', 'A card payment is a positive amount.');
    const { remaining } = this.due();
    if (remaining === 0) throw new CheckoutRefused('checkout.paid', 'The sale is paid: nothing is left to charge to a card.');
    if (attempt.amount > remaining)
      throw new CheckoutRefused('checkout.card_over', 'A card pays at most what is still due: only cash gives change.');
    const card: CardAttempt = { tenderId: attempt.tenderId, method: attempt.method, amount: attempt.amount };
    this.#state = { ...state, card };
    return card;
  }

  /** The server took the card payment (it waits on the reader): its id, for the answer and for Esc. */
  cardAsked(tenderId: string, paymentId: string): void {
    const state = this.#inTender();
    const card = this.#attempt(state, tenderId);
    this.#state = { ...state, card: { ...card, paymentId } };
  }

  /** The card was approved: it becomes a tender (its token the payment id, with the card for the receipt). */
  cardApproved(tenderId: string, payment: { readonly paymentId: string; readonly card?: TenderCard | null }): Tender {
    const state = this.#inTender();
    const attempt = this.#attempt(state, tenderId);
    const tender: Tender = {
      method: attempt.method,
      amount: attempt.amount,
      token: payment.paymentId,
      paymentId: payment.paymentId,
      ...(payment.card ? { card: payment.card } : {}),
    };
    this.#state = { ...this.#withoutCard(state), tenders: [...state.tenders, tender] };
    return tender;
  }

  /** The card payment ended without money (declined, canceled, failed): other tenders may be taken again. */
  cardEnded(tenderId: string): void {
    const state = this.#inTender();
    if (state.card?.tenderId !== tenderId) return;
    this.#state = this.#withoutCard(state);
  }

  /** Whether the tenders taken cover the sale (what `complete` would say), without completing it. */
  settlement() {
    const state = this.#inTender();
    return settle(this.priced().total, state.tenders, this.#deps.pricing.cashRounding);
  }

  /** Tender → receipt: the tenders cover the total; yields the event to append to the till's log. */
  complete(): { receipt: Receipt; event: CompletedSaleEvent } {
    const state = this.#inTender();
    this.#noCardWaiting(state, 'Wait for the card payment’s answer, or cancel it (Esc), first.');
    const priced = this.priced();
    const settlement = settle(priced.total, state.tenders, this.#deps.pricing.cashRounding);
    if (!settlement.ok) throw new CheckoutRefused(settlement.code, settlement.detail);
    const { saleId } = state;
    const shiftId = this.#deps.shiftId?.();
    const receiptNumber = this.#deps.nextReceiptNumber();
    const event: CompletedSaleEvent = {
      type: 'sales.sale.completed',
      payload: {
        sale: {
          id: saleId,
          ...(shiftId ? { shiftId } : {}),
          lines: state.lines.map((l) => ({
            variantId: l.item.variantId,
            quantity: l.quantity,
            ...(l.unitPriceOverride !== undefined ? { unitPrice: l.unitPriceOverride } : {}),
            ...(l.discount ? { discount: l.discount } : {}),
          })),
          ...(state.cartDiscount ? { cartDiscount: state.cartDiscount } : {}),
          ...(state.customerId ? { customerId: state.customerId } : {}),
          tenders: state.tenders.map((t) => ({ method: t.method, amount: t.amount, ...(t.token ? { token: t.token } : {}) })),
          expectedTotal: priced.total,
          ...(state.resumedFrom ? { resumedFrom: state.resumedFrom } : {}),
        },
        receiptNumber,
        cashierId: this.#deps.cashierId,
        ...(state.approvals?.length ? { approvals: state.approvals.map(saleApproval) } : {}),
      },
    };
    const receipt: Receipt = {
      saleId,
      receiptNumber,
      lines: priced.lines.map((line, i) => ({
        name: state.lines[i]!.item.name,
        sku: state.lines[i]!.item.sku,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        discount: line.promotionDiscount + line.lineDiscount + line.cartDiscount,
        lineDiscount: line.promotionDiscount + line.lineDiscount,
        cartDiscount: line.cartDiscount,
        total: line.total,
        taxRates: line.taxes.map((tax) => ({ name: tax.name, basisPoints: tax.basisPoints })),
      })),
      subtotal: priced.subtotal,
      discountTotal: priced.discountTotal,
      taxes: taxBreakdown(priced),
      total: settlement.due,
      rounding: settlement.rounding,
      tenders: state.tenders,
      change: settlement.change,
      currency: this.#deps.pricing.currency,
    };
    this.#state = { step: 'receipt', receipt, event };
    return { receipt, event };
  }

  /** Empties the cart (the sale was parked on the server, say). */
  clear(): void {
    this.#inCart();
    this.#state = { step: 'cart', lines: [] };
  }

  /**
   * An empty cart takes a parked sale as it was parked: its lines, discounts included (given by
   * whoever parked it, so not checked again here), and where it came from.
   */
  resume(parked: { readonly id: string; readonly lines: readonly CartLine[]; readonly cartDiscount?: Discount }): void {
    const state = this.#inCart();
    if (state.lines.length > 0) throw new CheckoutRefused('checkout.cart_not_empty', 'Finish or park this sale before resuming another.');
    if (parked.lines.length === 0) throw new CheckoutRefused('checkout.empty_cart', 'That parked sale has no lines.');
    this.#state = {
      step: 'cart',
      lines: [...parked.lines],
      ...(parked.cartDiscount ? { cartDiscount: parked.cartDiscount } : {}),
      resumedFrom: parked.id,
    };
  }

  /** An empty cart takes back the open cart the till kept when it stopped (lines, discounts, customer, approvals). */
  restore(kept: KeptCart): void {
    const state = this.#inCart();
    if (state.lines.length > 0)
      throw new CheckoutRefused('checkout.cart_not_empty', 'Finish or park this sale before taking back another.');
    if (kept.lines.length > 0) this.#state = { ...kept, lines: [...kept.lines], step: 'cart' };
  }

  /** Receipt → a new, empty cart. */
  nextSale(): void {
    if (this.#state.step !== 'receipt') throw new CheckoutRefused('checkout.not_finished', 'Finish this sale first.');
    this.#state = { step: 'cart', lines: [] };
  }

  #cartState() {
    if (this.#state.step === 'receipt') throw new CheckoutRefused('checkout.finished', 'This sale is complete; start the next one.');
    return this.#state;
  }

  #inCart() {
    if (this.#state.step !== 'cart') throw new CheckoutRefused('checkout.not_in_cart', 'Go back to the cart to change it.');
    return this.#state;
  }

  #inTender() {
    if (this.#state.step !== 'tender') throw new CheckoutRefused('checkout.not_in_tender', 'Take payment from the tender step.');
    return this.#state;
  }

  #withoutCard<State extends { readonly card?: CardAttempt }>(state: State): State {
    const next: { card?: CardAttempt } = { ...state };
    delete next.card;
    return next as State;
  }

  #noCardWaiting(state: { readonly card?: CardAttempt }, what: string): void {
    if (state.card) throw new CheckoutRefused('checkout.card_waiting', `A card payment is waiting on the reader. ${what}`);
  }

  #attempt(state: { readonly card?: CardAttempt }, tenderId: string): CardAttempt {
    if (state.card?.tenderId !== tenderId)
      throw new CheckoutRefused('checkout.no_card_attempt', 'That card payment is no longer the one under way.');
    return state.card;
  }

  #line(state: { lines: readonly CartLine[] }, index: number): CartLine {
    const line = state.lines[index];
    if (!line) throw new CheckoutRefused('checkout.no_line', `There is no line ${index + 1}.`);
    return line;
  }

  #require(permission: string, what: string, approval?: ManagerApproval): void {
    if (this.#deps.can(permission) || approval?.permission === permission) return;
    throw new CheckoutRefused('checkout.forbidden', `${what} needs a manager (${permission}).`, permission);
  }

  /** The cart's approvals with a new one. */
  #approved(state: { readonly approvals?: readonly ManagerApproval[] }, approval: ManagerApproval | undefined) {
    return approval ? { approvals: [...(state.approvals ?? []), approval] } : {};
  }
}
