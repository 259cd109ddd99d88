import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Discount } from '../../shared/pricing.ts';
import { CheckoutRefused } from '../checkout/checkout-machine.ts';
import { formatMoney } from '@kits/plugin-sdk/money';
import { typedDiscount } from '../checkout/typed-amounts.ts';
import type { ParkedSale } from '../checkout/parked-sale.ts';
import type { TillCheckout } from '../checkout/till-checkout.ts';
import { ReturnPanel } from './return-panel.tsx';
import { ReceiptView } from '../receipts/receipt-view.tsx';
import { Tender } from './tender-panel.tsx';
import { variantPrice } from '../checkout/logged-sale-pricing.ts';
import type { TillVariant as CatalogDoc } from '@kits/plugin-sdk/till';
import { CustomerPicker, type ChosenCustomer } from './customer-picker.tsx';
import { ProductMatches } from './product-matches.tsx';
import { QuickKeys, useQuickKeys } from './quick-keys.tsx';
import { CartLines } from './cart-lines.tsx';
import { ParkedSales } from './parked-sales.tsx';
import { SaleSummary } from './sale-summary.tsx';
import { PriceEntry } from './price-entry.tsx';
import type { ManagerApproval } from '../checkout/sale-approval.ts';
import { DiscountEntry } from './discount-entry.tsx';
import { useScannerAnywhere } from './use-scanner-anywhere.ts';

/** The checkout screen: scan into the cart, take payment, show the receipt. Every step works from the keyboard. */
export function Checkout({ checkout }: { checkout: TillCheckout }) {
  const [, redraw] = useState(0);
  const [code, setCode] = useState('');
  const [cash, setCash] = useState('');
  const [message, setMessage] = useState<string>();
  const [notice, setNotice] = useState<string>();
  /** The line a discount applies to (none: the whole sale). */
  const [selected, setSelected] = useState<number>();
  /** The discount being typed (F7), or undefined when the field is closed. */
  const [discountText, setDiscountText] = useState<string>();
  const discountInput = useRef<HTMLInputElement>(null);
  const firstParked = useRef<HTMLButtonElement>(null);
  /** The parked sales on show (F8 on an empty cart), or undefined when the list is closed. */
  const [parked, setParked] = useState<ParkedSale[]>();
  /** Taking goods back against a receipt (F10 on an empty cart). */
  const [returning, setReturning] = useState(false);
  /** Products a typed name found (Enter on a name that is no code). */
  const [matches, setMatches] = useState<CatalogDoc[]>();
  /** The customer named on the sale (Alt+C), and whether the picker is open. */
  const [customer, setCustomer] = useState<ChosenCustomer | undefined>(checkout.customer);
  /** The cart state last kept on the device (a restart opens on it). */
  const [kept, setKept] = useState<unknown>();
  const [choosingCustomer, setChoosingCustomer] = useState(false);
  /** The line whose price is being changed (Alt+P), or undefined. */
  const [pricingLine, setPricingLine] = useState<number>();
  /** Tells a scanner's burst from a person typing; whether the last Enter ended a scan. */
  const scanInput = useRef<HTMLInputElement>(null);
  const cashInput = useRef<HTMLInputElement>(null);
  const { machine, pricing } = checkout;
  const state = machine.state;
  const quickKeys = useQuickKeys(checkout);
  const fmt = (amount: number) => formatMoney(amount, pricing.currency);
  const refresh = () => redraw((n) => n + 1);
  const attempt = async (action: () => unknown) => {
    try {
      setMessage(undefined);
      await action();
    } catch (error) {
      setMessage(error instanceof CheckoutRefused || error instanceof Error ? error.message : String(error));
    }
    refresh();
  };

  /** F8: parks the sale in the cart, or, with an empty cart, lists the parked sales to resume one. */
  const parkOrList = () =>
    attempt(async () => {
      if (machine.state.step !== 'cart') return;
      if (machine.state.lines.length > 0) {
        await checkout.park();
        setParked(undefined);
        setNotice('Sale parked: resume it on any till with F8.');
      } else {
        setParked(await checkout.parkedSales());
      }
    });
  const resume = (saleId: string) =>
    attempt(async () => {
      await checkout.resume(saleId);
      setParked(undefined);
      setNotice(undefined);
    });

  // The card payment's answers come while the cashier waits (approved may complete the sale): redraw.
  useEffect(() => checkout.card.watch(() => refresh()), []);
  /** Tender → cart: the sale's card payments are released (refused while a card waits on the reader). */
  const backToCart = () =>
    attempt(async () => {
      const notice = await checkout.backToCart();
      if (notice) setNotice(notice);
    });

  // Tells when the cart on screen is kept on the device (`data-kept` on the cart).
  useEffect(() => {
    let live = true;
    void checkout.cartKept().then(() => live && setKept(state));
    return () => {
      live = false;
    };
  }, [state]);

  // Focus moves with the step at once (a layout effect): a scanner's keys may follow within milliseconds.
  useLayoutEffect(() => {
    if (state.step === 'cart') (discountText !== undefined ? discountInput : scanInput).current?.focus();
    if (state.step === 'tender') cashInput.current?.focus();
  }, [state.step, discountText === undefined]);
  useLayoutEffect(() => {
    if (parked && parked.length > 0) firstParked.current?.focus();
    else if (state.step === 'cart') scanInput.current?.focus();
  }, [parked]);

  const { enterEndedScan } = useScannerAnywhere({
    scanInput,
    paying: () => machine.state.step === 'tender',
    onScanned: (scanned) =>
      void attempt(async () => {
        if (machine.state.step === 'receipt') machine.nextSale();
        setMatches(undefined);
        if (!(await checkout.scan(scanned))) throw new Error(`No product has the code “${scanned}”.`);
      }),
  });

  // A layout effect: the keys of a step work from the moment it is on screen (a cashier's Enter
  // right after the receipt appears must start the next sale, not vanish before an effect runs).
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      // Enter on the print button prints (the button's own click); anywhere else it starts the next sale.
      const onPrintButton = event.target instanceof HTMLElement && event.target.dataset['action'] === 'print';
      if (state.step === 'receipt' && event.key === 'Enter' && !onPrintButton) {
        event.preventDefault();
        machine.nextSale();
        refresh();
      } else if (state.step === 'tender' && event.key === 'Escape') {
        // Esc while a card waits on the reader cancels it there (the tender panel does): the sale stays.
        if (event.defaultPrevented || machine.cardWaiting) return;
        void backToCart();
      } else if (state.step === 'cart' && event.key === 'F7') {
        event.preventDefault();
        setDiscountText('');
      } else if (state.step === 'cart' && event.key === 'F10' && machine.state.step === 'cart' && machine.state.lines.length === 0) {
        event.preventDefault();
        setParked(undefined);
        setReturning(true);
      } else if (state.step === 'cart' && event.key === 'F8') {
        event.preventDefault();
        void parkOrList();
      } else if (state.step === 'cart' && event.key === 'Escape' && parked) {
        setParked(undefined);
      } else if (state.step === 'cart' && event.key === 'F9') {
        event.preventDefault();
        void attempt(() => machine.startTender());
      } else if (state.step === 'cart' && event.altKey && /^[1-9]$/.test(event.key)) {
        event.preventDefault();
        const key = quickKeys[Number(event.key) - 1];
        if (key) void attempt(() => addPicked(key.variant));
      } else if (state.step === 'cart' && event.altKey && event.key.toLowerCase() === 'p' && machine.state.step === 'cart') {
        event.preventDefault();
        const count = machine.state.lines.length;
        if (count > 0) setPricingLine(selected !== undefined && selected < count ? selected : count - 1);
      } else if (state.step === 'cart' && event.altKey && event.key.toLowerCase() === 'c') {
        event.preventDefault();
        setChoosingCustomer(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [state.step, parked, quickKeys, selected]);

  /** Adds a product picked from the matches or a quick key. */
  const addPicked = (variant: CatalogDoc) => {
    setMatches(undefined);
    if (!checkout.add(variant)) throw new Error(`${variant.name} has no price here: it cannot be sold at this till.`);
    scanInput.current?.focus();
  };
  const chooseCustomer = (chosen: ChosenCustomer | undefined) =>
    attempt(() => {
      checkout.nameCustomer(chosen);
      setCustomer(chosen);
      setChoosingCustomer(false);
      scanInput.current?.focus();
    });
  const saleCustomer = state.step !== 'receipt' && state.customerId && customer?.id === state.customerId ? customer : undefined;
  const { Actions } = checkout.outlets;
  if (state.step === 'receipt')
    return (
      <ReceiptView
        key={state.receipt.saleId}
        receipt={state.receipt}
        checkout={checkout}
        fmt={fmt}
        onNext={() => (machine.nextSale(), refresh())}
        onPrintFailedLater={setMessage}
      />
    );

  const priced = machine.priced();
  const lines = state.lines;

  const onScan = (event: Event) => {
    event.preventDefault();
    const scanned = code.trim();
    setCode('');
    if (!scanned) {
      if (lines.length > 0) void attempt(() => machine.startTender());
      return;
    }
    setNotice(undefined);
    setMatches(undefined);
    const wasScan = enterEndedScan.current;
    void attempt(async () => {
      if (await checkout.scan(scanned)) return;
      // A scanner's code the till does not know is an unknown code; typed text is also looked up by name.
      if (wasScan) throw new Error(`No product has the code “${scanned}”.`);
      const found = await checkout.searchProducts(scanned);
      if (found.length === 1) return addPicked(found[0]!);
      if (found.length === 0) {
        throw new Error(/^\d+$/.test(scanned) ? `No product has the code “${scanned}”.` : `No product is called or coded “${scanned}”.`);
      }
      setMatches(found);
    });
  };

  const target = selected !== undefined && selected < lines.length ? lines[selected] : undefined;
  const applyDiscount = (event: Event) => {
    event.preventDefault();
    const discount = typedDiscount(discountText ?? '', pricing.currency);
    if (discount === undefined) {
      setMessage('A discount is a percentage (10%) or an amount (2.50); 0 removes it.');
      return;
    }
    const give = (approval?: ManagerApproval) =>
      attempt(() => {
        if (target) machine.discountLine(selected!, discount ?? undefined, approval);
        else machine.discountCart(discount ?? undefined, approval);
        setDiscountText(undefined);
        setSelected(undefined);
      });
    // A cashier who may not give discounts asks a manager, on this screen, with the manager's PIN.
    if (checkout.may('core-sales:discount')) return void give();
    const off = discount ? describe(discount).replace('−', '') : 'No discount';
    void checkout.till.approvals
      .request({
        permission: 'core-sales:discount',
        action: target ? 'discount.line' : 'discount.sale',
        what: `${off} ${discount ? 'off ' : 'on '}${target ? target.item.name : 'the whole sale'}`,
      })
      .then((approval) => (approval ? give(approval) : discountInput.current?.focus()));
  };
  const describe = (discount: Discount) => (discount.kind === 'percent' ? `−${discount.basisPoints / 100} %` : `−${fmt(discount.amount)}`);

  return (
    <section class="checkout">
      <div class="cart">
        {state.step === 'cart' && (
          <form onSubmit={onScan}>
            <input
              ref={scanInput}
              class="search-input"
              placeholder="Scan, or type a name or SKU — Enter on an empty line to pay"
              value={code}
              onInput={(e) => setCode(e.currentTarget.value)}
              aria-label="Scan"
            />
          </form>
        )}
        {message && (
          <p class="error" role="alert">
            {message}
          </p>
        )}
        {notice && !message && (
          <p class="done" role="status">
            {notice}
          </p>
        )}
        {matches && (
          <ProductMatches
            matches={matches}
            priceOf={(variant) => {
              const price = variantPrice(variant, pricing.currency, checkout.till.session.locationId);
              return price === undefined ? 'no price' : fmt(price);
            }}
            onPick={(variant) => void attempt(() => addPicked(variant))}
            onClose={() => (setMatches(undefined), scanInput.current?.focus())}
          />
        )}
        {choosingCustomer && (
          <CustomerPicker
            till={checkout.till}
            customers={checkout.customers}
            current={saleCustomer}
            onPick={(chosen) => void chooseCustomer(chosen)}
            onClose={() => (setChoosingCustomer(false), scanInput.current?.focus())}
          />
        )}
        {returning && (
          <ReturnPanel
            till={checkout.till}
            pricing={pricing}
            fmt={fmt}
            onDone={(done) => {
              setReturning(false);
              setNotice(done);
              scanInput.current?.focus();
            }}
          />
        )}
        {parked && <ParkedSales parked={parked} fmt={fmt} onResume={resume} firstRef={firstParked} />}
        <CartLines
          checkout={checkout}
          kept={kept === state}
          selected={selected}
          onSelect={setSelected}
          fmt={fmt}
          describe={describe}
          attempt={attempt}
        />
        {lines.length === 0 && <p class="placeholder">Scan the first item.</p>}
        {state.step === 'cart' && <QuickKeys keys={quickKeys} fmt={fmt} onPress={(variant) => void attempt(() => addPicked(variant))} />}
      </div>
      <aside class="totals">
        <SaleSummary checkout={checkout} customer={saleCustomer} fmt={fmt} describe={describe} />
        {state.step === 'cart' && discountText !== undefined && (
          <DiscountEntry
            on={target ? target.item.name : 'the whole sale'}
            value={discountText}
            inputRef={discountInput}
            onValue={setDiscountText}
            onApply={applyDiscount}
            onClose={() => setDiscountText(undefined)}
          />
        )}
        {state.step === 'cart' && pricingLine !== undefined && lines[pricingLine] && (
          <PriceEntry
            itemName={lines[pricingLine]!.item.name}
            currency={pricing.currency}
            onPrice={(unitPrice) =>
              attempt(async () => {
                if (unitPrice === undefined) throw new Error('A price is an amount, like 4.50.');
                // A cashier who may not change prices asks a manager; cancelled, the price field stays open.
                if (!(await checkout.overridePrice(pricingLine, unitPrice))) return;
                setPricingLine(undefined);
                scanInput.current?.focus();
              })
            }
            onClose={() => (setPricingLine(undefined), scanInput.current?.focus())}
          />
        )}
        <div class="grand-total" data-testid="total">
          {fmt(priced.total)}
        </div>
        {state.step === 'cart' ? (
          <>
            <Actions lines={lines.length} />
            {lines.length === 0 && (
              <button type="button" class="secondary" onClick={() => (setParked(undefined), setReturning(true))}>
                Return (F10)
              </button>
            )}
            <button type="button" class="secondary" onClick={() => void parkOrList()}>
              {lines.length > 0 ? 'Park (F8)' : 'Parked sales (F8)'}
            </button>
            <button type="button" class="secondary" onClick={() => setChoosingCustomer(true)}>
              {saleCustomer ? 'Change customer (Alt+C)' : 'Customer (Alt+C)'}
            </button>
            <button type="button" class="secondary" disabled={lines.length === 0} onClick={() => setDiscountText('')}>
              Discount (F7){target ? ` · ${target.item.name}` : ''}
            </button>
            <button class="primary" type="button" disabled={lines.length === 0} onClick={() => attempt(() => machine.startTender())}>
              Pay (F9)
            </button>
          </>
        ) : (
          <Tender
            checkout={checkout}
            cash={cash}
            setCash={setCash}
            cashInput={cashInput}
            fmt={fmt}
            attempt={attempt}
            onBack={() => void backToCart()}
          />
        )}
      </aside>
    </section>
  );
}
