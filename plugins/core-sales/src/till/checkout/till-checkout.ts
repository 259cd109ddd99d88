import { sessionMay, TillOfflineError, uuidv7, type TillReceipt, type TillVariant } from '@kits/plugin-sdk/till';
import { tillReceipt } from '../receipts/till-receipt.ts';
import { formatMoney } from '@kits/plugin-sdk/money';
import {
  CheckoutMachine,
  CheckoutRefused,
  PRICE_OVERRIDE,
  type CartLine,
  type SellableItem,
  type TillPricing,
} from './checkout-machine.ts';
import { variantPrice } from './logged-sale-pricing.ts';
import { openShift, openShiftId } from '../store/shift-log.ts';
import { openCartKeeper, type OpenCart, type OpenCartKeeper } from '../store/open-cart.ts';
import type { SalesTill } from '../sales-till.ts';
import type { TillCustomers } from '../store/customers.ts';
import { saleOutlets, type SaleOutlets } from '../screens/sale-outlets.ts';
import { cardPayments, isOffline, loadPaymentMethods, type CardPayments } from './card-payments.ts';
import { CardTender } from './card-tender.ts';
import type { CheckoutState } from './checkout-types.ts';
import type { ParkedSale, ParkedSaleDetail, QuickKey } from './parked-sale.ts';
import { loadPricing } from './till-pricing.ts';
import { saleScreenView } from './sale-screen-view.ts';

type CatalogDoc = TillVariant;

/** This till's receipt numbers: a counter in core-sales' device state. */
const RECEIPT_COUNTER = 'receipt-number';

/**
 * The checkout as the screens drive it: the state machine, scans resolved from the local store,
 * and a completed sale appended to the event log (the push agent sends it when it can).
 */
export class TillCheckout {
  readonly machine: CheckoutMachine;
  readonly pricing: TillPricing;
  readonly till: SalesTill;
  /** The tenant's customers on this till (named on a sale, offline too). */
  readonly customers: TillCustomers;
  /** Where the sale screen shows other plugins' tenders, line actions and receipt sections. */
  readonly outlets: SaleOutlets;
  #receiptNumber = 0;
  #shiftId: string | undefined;
  /** When the sale on the receipt screen completed (its event's time). */
  #completedAt: string | undefined;
  /** The sale's customer as the checkout shows them (the machine knows only the id). */
  #customer: OpenCart['customer'];
  /** Keeps the open cart on the device, so a restart opens on it. */
  readonly #keeper: OpenCartKeeper;
  readonly #payments: CardPayments;
  /** The card payment on the tender step (none, waiting on the reader, declined, approved). */
  readonly card: CardTender;
  /** The methods the enabled payment plugin takes (`card`): none, no card button. */
  paymentMethods: readonly string[] = [];
  /** The state the sale screen last showed: the line just scanned is the one it did not have. */
  #shown: CheckoutState | undefined;

  private constructor(till: SalesTill, customers: TillCustomers, pricing: TillPricing, payments?: CardPayments) {
    this.till = till;
    this.customers = customers;
    this.outlets = saleOutlets(till.slots);
    this.pricing = pricing;
    const { session } = till;
    this.#keeper = openCartKeeper(till, (error) => console.error('The open cart could not be kept on this till:', error));
    this.machine = new CheckoutMachine({
      onChange: (state) => {
        this.#keeper.keep(state, this.#customer);
        this.#showOnSaleScreen(state);
      },
      pricing,
      can: (permission) => sessionMay(session, permission),
      nextReceiptNumber: () => this.#receiptNumber,
      newSaleId: () => uuidv7(),
      cashierId: session.cashierId,
      shiftId: () => this.#shiftId,
    });
    this.#payments = payments ?? cardPayments(till.api);
    this.card = new CardTender(this.machine, this.#payments, {
      onApproved: async () => {
        if (this.machine.settlement().ok) await this.complete();
      },
    });
  }

  /** Opens the checkout on the cart the till kept when it stopped, if a sale was in progress. */
  static async start(till: SalesTill, customers: TillCustomers, pricing?: TillPricing, payments?: CardPayments): Promise<TillCheckout> {
    const checkout = new TillCheckout(till, customers, pricing ?? (await loadPricing(till)), payments);
    // The card button comes when the server (or, offline, what the till heard last) lists a method.
    void checkout.refreshPaymentMethods();
    const kept = await checkout.#keeper.load();
    if (kept) {
      checkout.#customer = kept.customer;
      checkout.machine.restore(kept.cart);
    }
    if (!checkout.#shown) checkout.#showOnSaleScreen(checkout.machine.state);
    return checkout;
  }

  /** Tells the plugins following the sale screen (a customer display) what it shows now. */
  #showOnSaleScreen(state: CheckoutState): void {
    const previous = this.#shown;
    this.#shown = state;
    this.till.saleScreen.show(saleScreenView(state, previous, () => this.machine.priced(), this.pricing.currency));
  }

  /** Asks the server which payment methods it takes (remembered for offline starts); resolves with them. */
  async refreshPaymentMethods(): Promise<readonly string[]> {
    try {
      this.paymentMethods = await loadPaymentMethods(this.till);
    } catch (error) {
      console.error('The till could not learn which payment methods the server takes:', error);
    }
    return this.paymentMethods;
  }

  /**
   * Tender → back to the cart. The card payments taken for this sale are canceled on the server
   * (their holds released); refused while a card waits on the reader. Resolves with what the
   * cashier should know when a hold could not be released now (offline): the server releases it.
   */
  async backToCart(): Promise<string | undefined> {
    const { cancel } = this.machine.backToCart();
    this.card.reset();
    return this.#release(cancel);
  }

  /** Takes a tender back; a card tender's hold is released. */
  async removeTender(index: number): Promise<string | undefined> {
    const { cancel } = this.machine.removeTender(index);
    return this.#release(cancel);
  }

  async #release(paymentIds: readonly string[]): Promise<string | undefined> {
    const failed: string[] = [];
    for (const paymentId of paymentIds) {
      try {
        await this.#payments.cancel(paymentId);
      } catch (error) {
        failed.push(isOffline(error) ? 'the server cannot be reached' : (error as Error).message);
      }
    }
    if (failed.length === 0) return undefined;
    return `The card payment taken for this sale could not be released now (${failed[0]}): it is not part of any sale, so the server releases it by itself.`;
  }

  /** The customer named on the sale in the cart, with their name. */
  get customer(): OpenCart['customer'] {
    const state = this.machine.state;
    return state.step !== 'receipt' && state.customerId && this.#customer?.id === state.customerId ? this.#customer : undefined;
  }

  /** Names the sale's customer (or none). */
  nameCustomer(customer: { readonly id: string; readonly name: string } | undefined): void {
    this.#customer = customer && { id: customer.id, name: customer.name };
    this.machine.setCustomer(customer?.id);
  }

  /** Whether the signed-in cashier holds a permission (else a manager approves, on this screen). */
  may(permission: string): boolean {
    return sessionMay(this.till.session, permission);
  }

  /**
   * Another price for one line (Alt+P). A cashier without core-sales:price.override asks a manager on
   * this screen ("Ceramic Mug at €9.00"); resolves false when the manager's dialog is cancelled
   * (nothing changes), true once the price is on the line.
   */
  async overridePrice(index: number, unitPrice: number): Promise<boolean> {
    const state = this.machine.state;
    const line = state.step === 'cart' ? state.lines[index] : undefined;
    // Refusals that need no manager (not in the cart, no such line, not a price) come before asking one.
    if (!line || this.may(PRICE_OVERRIDE) || !Number.isInteger(unitPrice) || unitPrice < 0) {
      this.machine.overridePrice(index, unitPrice);
      return true;
    }
    const approval = await this.till.approvals.request({
      permission: PRICE_OVERRIDE,
      action: 'price.override',
      what: `${line.item.name} at ${formatMoney(unitPrice, this.pricing.currency)}`,
    });
    if (!approval) return false;
    this.machine.overridePrice(index, unitPrice, approval);
    return true;
  }

  /** Resolves once the cart as it is now is kept on the device. */
  cartKept(): Promise<void> {
    return this.#keeper.settled();
  }

  /** Adds the variant a scanned or typed code means; false when the till knows no such code. */
  async scan(code: string): Promise<boolean> {
    const variant = await this.till.catalog.lookup(code.trim());
    const item = variant && this.#sellable(variant);
    if (!item) return false;
    this.machine.add(item);
    return true;
  }

  /** Adds a variant picked from a search or a quick key; false when it has no price here. */
  add(variant: CatalogDoc): boolean {
    const item = this.#sellable(variant);
    if (!item) return false;
    this.machine.add(item);
    return true;
  }

  /** Products whose name has the text, from the till's own catalog (offline too), by name. */
  searchProducts(text: string): Promise<CatalogDoc[]> {
    return this.till.catalog.search(text, 8);
  }

  /**
   * Calls `listener` with the quick keys this till can sell, now and whenever their items change
   * (a first start fills the catalog after the checkout opens). A key whose item the till does
   * not know, or that has no price here, is left out. Returns the unsubscribe.
   */
  watchQuickKeys(listener: (keys: QuickKey[]) => void): () => void {
    const keys = this.pricing.quickKeys ?? [];
    if (keys.length === 0) {
      listener([]);
      return () => undefined;
    }
    return this.till.catalog.watchVariants(
      keys.map((key) => key.variantId),
      (found) =>
        listener(
          keys.flatMap((key) => {
            const variant = found.get(key.variantId);
            const item = variant && this.#sellable(variant);
            return variant && item ? [{ variant, label: key.label ?? variant.name, price: item.unitPrice }] : [];
          }),
        ),
    );
  }

  /**
   * Parks the sale on the server (it holds the stock until the sale is resumed on any till, or
   * the hold expires) and empties the cart. Needs the network.
   */
  async park(): Promise<void> {
    const state = this.machine.state;
    if (state.step !== 'cart' || state.lines.length === 0) throw new CheckoutRefused('checkout.empty_cart', 'There is nothing to park.');
    // The server parks a sale on the device's open shift: open one if needed and let the server know first.
    await this.#openShift();
    await this.till.events.send();
    await this.till.api
      .post(
        '/api/v1/core-sales/parked',
        {
          id: uuidv7(),
          lines: state.lines.map((line) => ({
            variantId: line.item.variantId,
            quantity: line.quantity,
            ...(line.unitPriceOverride !== undefined ? { unitPrice: line.unitPriceOverride } : {}),
            ...(line.discount ? { discount: line.discount } : {}),
          })),
          ...(state.cartDiscount ? { cartDiscount: state.cartDiscount } : {}),
        },
        { headers: this.#approvalsFor(state) },
      )
      .catch((failure: Error) => {
        throw failure instanceof TillOfflineError
          ? new CheckoutRefused(
              'checkout.park_offline',
              'Parking needs the network (the server holds the stock): finish this sale or take the items back.',
            )
          : failure;
      });
    this.machine.clear();
  }

  /** The sales parked at this till's location, newest first (needs the network). */
  async parkedSales(): Promise<ParkedSale[]> {
    return (await this.till.api.get<{ items: ParkedSale[] }>('/api/v1/core-sales/parked')).items;
  }

  /** Takes a parked sale into the (empty) cart as it was parked: prices, discounts and all. */
  async resume(saleId: string): Promise<void> {
    const sale = await this.till.api.get<ParkedSaleDetail>(`/api/v1/core-sales/sales/${saleId}`);
    const lines: CartLine[] = [];
    for (const line of sale.lines) {
      const variant = await this.till.catalog.get(line.variantId);
      if (!variant) throw new CheckoutRefused('checkout.unknown_variant', `This till does not know ${line.name} (${line.sku}) yet.`);
      const item = this.#sellable(variant);
      lines.push({
        item: item ?? { variantId: line.variantId, name: line.name, sku: line.sku, unitPrice: line.unitPrice, taxClass: variant.taxClass },
        quantity: line.quantity,
        // The price the customer was told when the sale was parked.
        ...(item?.unitPrice !== line.unitPrice ? { unitPriceOverride: line.unitPrice } : {}),
        ...(line.lineDiscount > 0 ? { discount: { kind: 'amount' as const, amount: line.lineDiscount } } : {}),
      });
    }
    this.machine.resume({ id: sale.id, lines, ...(sale.cartDiscount ? { cartDiscount: sale.cartDiscount } : {}) });
  }

  /**
   * The manager's approval the server needs to see to park this cart: for what the cart has (a
   * discount, another price) and the cashier may not do alone, the newest of the cart's approvals
   * the kernel gave, still unspent and in time. A request carries one approval (`Kits-Approval`), so
   * a cart that needs two is refused here rather than by the server.
   */
  #approvalsFor(state: Extract<CheckoutState, { step: 'cart' }>): Record<string, string> {
    const needs = [
      ...(state.cartDiscount || state.lines.some((line) => line.discount) ? ['core-sales:discount'] : []),
      ...(state.lines.some((line) => line.unitPriceOverride !== undefined) ? [PRICE_OVERRIDE] : []),
    ].filter((permission) => !this.may(permission));
    const tokens = needs.flatMap((permission) => {
      const approval = state.approvals
        ?.filter((a) => a.permission === permission && a.token && (!a.expiresAt || Date.parse(a.expiresAt) > Date.now()))
        .at(-1);
      return approval?.token ? [approval.token] : [];
    });
    if (tokens.length > 1)
      throw new CheckoutRefused(
        'checkout.park_two_approvals',
        'A manager approved both a discount and a price on this sale, and parking carries one approval: finish the sale here instead.',
      );
    return tokens[0] ? { 'kits-approval': tokens[0] } : {};
  }

  /** The open shift a sale belongs to; a till that sells with none opens one (float 0). */
  async #openShift(): Promise<void> {
    this.#shiftId = (await openShiftId(this.till)) ?? (await openShift(this.till, 0));
  }

  /** The item a catalog variant is sold as here; undefined without a price in the till's currency. */
  #sellable(variant: CatalogDoc): SellableItem | undefined {
    const unitPrice = variantPrice(variant, this.pricing.currency, this.till.session.locationId);
    return unitPrice === undefined
      ? undefined
      : { variantId: variant.id, name: variant.name, sku: variant.sku, unitPrice, taxClass: variant.taxClass };
  }

  /** Completes the sale: numbers the receipt (only once it is paid: no gaps), logs it, nudges the push agent. */
  async complete() {
    const settlement = this.machine.settlement();
    if (!settlement.ok) throw new CheckoutRefused(settlement.code, settlement.detail);
    await this.#openShift();
    this.#receiptNumber = await this.till.device.next(RECEIPT_COUNTER);
    const done = this.machine.complete();
    // The next sale's tender step starts with no card on screen.
    this.card.reset();
    const event = await this.till.events.append(done.event.type, done.event.payload);
    this.#completedAt = event.occurredAt;
    void this.till.events.send();
    return done;
  }

  /** The completed sale's receipt as printer plugins take it; `reprint` when it was printed before. */
  printableReceipt(reprint: boolean): TillReceipt {
    const state = this.machine.state;
    if (state.step !== 'receipt')
      throw new CheckoutRefused('checkout.not_finished', 'There is no receipt to print: finish the sale first.');
    const { session, location } = this.till;
    return tillReceipt(
      state.receipt,
      {
        completedAt: this.#completedAt ?? new Date().toISOString(),
        device: { id: session.deviceId, ...(session.deviceName ? { name: session.deviceName } : {}) },
        location,
        cashier: { id: session.cashierId, name: session.cashierName },
        pricesIncludeTax: this.pricing.pricesIncludeTax,
      },
      reprint,
    );
  }
}
