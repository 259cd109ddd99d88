import { priceSale, roundToStep, settle, type Discount, type PricedSale, type Promotion, type TaxRate } from '@kits/core-sales/pricing';

/** What the till knows about a variant it sells (from its replicated catalogue). */
export interface SellableItem {
  readonly variantId: string;
  readonly name: string;
  readonly sku: string;
  readonly unitPrice: number;
  readonly taxClass: string;
}

/** The tenant's sales settings the till prices with — the same the server uses. */
export interface TillPricing {
  readonly currency: string;
  readonly pricesIncludeTax: boolean;
  readonly taxRounding: 'line' | 'invoice';
  readonly cashRounding: number;
  readonly taxRates: Readonly<Record<string, readonly TaxRate[]>>;
  readonly promotions: readonly Promotion[];
  /** The quick keys, in order (tills that last synced before quick keys existed have none). */
  readonly quickKeys?: ReadonlyArray<{ readonly variantId: string; readonly label?: string }>;
}

export interface CartLine {
  readonly item: SellableItem;
  readonly quantity: number;
  readonly discount?: Discount;
  readonly unitPriceOverride?: number;
}

export interface Tender {
  readonly method: string;
  readonly amount: number;
  /** What a payment plugin returned (a terminal or provider reference). */
  readonly token?: string;
}

/** The till event a completed sale becomes (core-sales `sales.sale.completed`). */
export interface CompletedSaleEvent {
  readonly type: 'sales.sale.completed';
  readonly payload: {
    readonly sale: {
      readonly id: string;
      readonly shiftId?: string;
      readonly lines: ReadonlyArray<{ variantId: string; quantity: number; unitPrice?: number; discount?: Discount }>;
      readonly cartDiscount?: Discount;
      readonly customerId?: string;
      readonly tenders: ReadonlyArray<{ method: string; amount: number; token?: string }>;
      readonly expectedTotal: number;
      readonly resumedFrom?: string;
    };
    readonly receiptNumber: number;
    readonly cashierId: string;
  };
}

export interface Receipt {
  readonly saleId: string;
  readonly receiptNumber: number;
  readonly lines: ReadonlyArray<{
    name: string;
    sku: string;
    quantity: number;
    unitPrice: number;
    /** Every discount on the line: its own (promotions, a line discount) and its share of the sale's. */
    discount: number;
    /** The line's own discounts: promotions and a discount given on the line. */
    lineDiscount: number;
    /** The line's share of the discount given on the whole sale. */
    cartDiscount: number;
    total: number;
  }>;
  readonly subtotal: number;
  readonly discountTotal: number;
  readonly taxes: PricedSale['taxes'];
  readonly total: number;
  readonly rounding: number;
  readonly tenders: readonly Tender[];
  readonly change: number;
  readonly currency: string;
}

export type CheckoutState =
  | {
      readonly step: 'cart';
      readonly lines: readonly CartLine[];
      readonly cartDiscount?: Discount;
      readonly customerId?: string;
      /** The parked sale this cart resumes (the server releases its hold when the sale completes). */
      readonly resumedFrom?: string;
    }
  | {
      readonly step: 'tender';
      readonly lines: readonly CartLine[];
      readonly cartDiscount?: Discount;
      readonly customerId?: string;
      readonly resumedFrom?: string;
      readonly tenders: readonly Tender[];
    }
  | { readonly step: 'receipt'; readonly receipt: Receipt; readonly event: CompletedSaleEvent };

/** Why the machine refused an action: a code the UI shows a message for. */
export class CheckoutRefused extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'CheckoutRefused';
    this.code = code;
  }
}

export interface CheckoutDeps {
  readonly pricing: TillPricing;
  /** Whether the signed-in cashier holds a permission (cached grants; works offline). */
  can(permission: string): boolean;
  /** The till's next receipt number and a new sale id (UUIDv7) — from its local store. */
  nextReceiptNumber(): number;
  newSaleId(): string;
  readonly cashierId: string;
  /** The shift the sale belongs to, asked when it completes (a shift may open and close meanwhile). */
  shiftId?(): string | undefined;
}

/**
 * The till's checkout, as plain state transitions: cart → tender → receipt → next cart. It prices
 * with the same code the server does (core-sales pricing), so the total the cashier shows is the
 * total the server computes, and completing a sale yields the till event to append to the log.
 */
export class CheckoutMachine {
  #state: CheckoutState = { step: 'cart', lines: [] };
  readonly #deps: CheckoutDeps;

  constructor(deps: CheckoutDeps) {
    this.#deps = deps;
  }

  get state(): CheckoutState {
    return this.#state;
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

  discountLine(index: number, discount: Discount | undefined): void {
    const state = this.#inCart();
    this.#line(state, index);
    this.#require('core-sales:discount', 'A discount');
    this.#state = {
      ...state,
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

  overridePrice(index: number, unitPrice: number): void {
    const state = this.#inCart();
    this.#line(state, index);
    this.#require('core-sales:price.override', 'Another price');
    if (!Number.isInteger(unitPrice) || unitPrice < 0)
      throw new CheckoutRefused('checkout.bad_price', 'A price is a whole number of minor units.');
    this.#state = { ...state, lines: state.lines.map((l, i) => (i === index ? { ...l, unitPriceOverride: unitPrice } : l)) };
  }

  discountCart(discount: Discount | undefined): void {
    const state = this.#inCart();
    this.#require('core-sales:discount', 'A cart discount');
    this.#state = discount
      ? { ...state, cartDiscount: discount }
      : {
          step: 'cart',
          lines: state.lines,
          ...(state.customerId ? { customerId: state.customerId } : {}),
          ...(state.resumedFrom ? { resumedFrom: state.resumedFrom } : {}),
        };
  }

  /** Names the customer the sale is for, or none (undefined). */
  setCustomer(customerId: string | undefined): void {
    const state = this.#inCart();
    const next = { ...state, customerId };
    if (!customerId) delete next.customerId;
    this.#state = next;
  }

  /** Cart → tender. */
  startTender(): void {
    const state = this.#inCart();
    if (state.lines.length === 0) throw new CheckoutRefused('checkout.empty_cart', 'Add something to the cart first.');
    this.#state = { ...state, step: 'tender', tenders: [] };
  }

  /** Tender → back to the cart (tenders taken so far are dropped). */
  backToCart(): void {
    const state = this.#inTender();
    this.#state = {
      step: 'cart',
      lines: state.lines,
      ...(state.cartDiscount ? { cartDiscount: state.cartDiscount } : {}),
      ...(state.customerId ? { customerId: state.customerId } : {}),
      ...(state.resumedFrom ? { resumedFrom: state.resumedFrom } : {}),
    };
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
    if (!Number.isInteger(tender.amount) || tender.amount <= 0)
      throw new CheckoutRefused('checkout.bad_amount', 'A tender is a positive amount.');
    this.#state = { ...state, tenders: [...state.tenders, tender] };
  }

  removeTender(index: number): void {
    const state = this.#inTender();
    this.#state = { ...state, tenders: state.tenders.filter((_, i) => i !== index) };
  }

  /** Whether the tenders taken cover the sale (what `complete` would say), without completing it. */
  settlement() {
    const state = this.#inTender();
    return settle(this.priced().total, state.tenders, this.#deps.pricing.cashRounding);
  }

  /** Tender → receipt: the tenders cover the total; yields the event to append to the till's log. */
  complete(): { receipt: Receipt; event: CompletedSaleEvent } {
    const state = this.#inTender();
    const priced = this.priced();
    const settlement = settle(priced.total, state.tenders, this.#deps.pricing.cashRounding);
    if (!settlement.ok) throw new CheckoutRefused(settlement.code, settlement.detail);
    const saleId = this.#deps.newSaleId();
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
      })),
      subtotal: priced.subtotal,
      discountTotal: priced.discountTotal,
      taxes: priced.taxes,
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

  #line(state: { lines: readonly CartLine[] }, index: number): CartLine {
    const line = state.lines[index];
    if (!line) throw new CheckoutRefused('checkout.no_line', `There is no line ${index + 1}.`);
    return line;
  }

  #require(permission: string, what: string): void {
    if (!this.#deps.can(permission)) throw new CheckoutRefused('checkout.forbidden', `${what} needs a manager (${permission}).`);
  }
}
