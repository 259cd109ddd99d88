import type { TillVariant } from '@kits/plugin-sdk/till';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { TillPricing } from '../checkout/checkout-machine.ts';
import { allowReturnWithoutReceipt } from '../checkout/without-receipt-approval.ts';
import { priceWithoutReceipt, returnWithoutReceipt } from '../store/returns-without-receipt.ts';
import type { SalesTill } from '../sales-till.ts';
import { RefundDue } from './refund-due.tsx';
import { ReturnFinish } from './return-finish.tsx';

interface BackLine {
  readonly variant: TillVariant;
  readonly quantity: number;
}

/**
 * Goods back with no receipt: scan each item (or type its SKU or name), set how many, say why;
 * refunded in cash at the catalog price, offline too. A cashier without the permission has a
 * manager approve it when they take it back (above the refund limit, a manager approves that too).
 */
export function ReturnWithoutReceipt({
  till,
  pricing,
  fmt,
  onDone,
}: {
  till: Pick<SalesTill, 'catalog' | 'events' | 'session' | 'approvals'>;
  pricing: TillPricing;
  fmt: (amount: number) => string;
  onDone: (message: string | undefined) => void;
}) {
  const [code, setCode] = useState('');
  const [lines, setLines] = useState<BackLine[]>([]);
  const [matches, setMatches] = useState<TillVariant[]>([]);
  const [amount, setAmount] = useState(0);
  const [error, setError] = useState<string>();
  const scan = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => scan.current?.focus(), []);
  useEffect(() => {
    let current = true;
    const back = lines.map((line) => ({ variantId: line.variant.id, quantity: line.quantity }));
    void priceWithoutReceipt(till, back, pricing)
      .then((total) => current && setAmount(total))
      .catch((failure: Error) => current && setError(failure.message));
    return () => {
      current = false;
    };
  }, [lines]);

  const add = (variant: TillVariant) => {
    const at = lines.findIndex((line) => line.variant.id === variant.id);
    setLines(at < 0 ? [...lines, { variant, quantity: 1 }] : lines.map((l, i) => (i === at ? { ...l, quantity: l.quantity + 1 } : l)));
    setMatches([]);
    setCode('');
    scan.current?.focus();
  };
  const find = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    const text = code.trim();
    if (!text) return;
    const exact = await till.catalog.lookup(text);
    if (exact) return add(exact);
    const named = await till.catalog.search(text, 6);
    if (named.length === 1) return add(named[0]!);
    if (named.length === 0) return setError(`Nothing here is called or coded “${text}”.`);
    setMatches(named);
  };
  const set = (index: number, quantity: number) =>
    setLines(quantity <= 0 ? lines.filter((_, i) => i !== index) : lines.map((l, i) => (i === index ? { ...l, quantity } : l)));
  const give = async (reason: string, restock: boolean) => {
    const back = lines.map((line) => ({ variantId: line.variant.id, quantity: line.quantity }));
    const done = await returnWithoutReceipt(till, { lines: back, reason, restock }, pricing, (total) =>
      allowReturnWithoutReceipt(till, total, pricing, fmt),
    );
    void till.events.send();
    onDone(`Return without a receipt recorded: give the customer back ${fmt(done.amount)} in cash.`);
  };

  return (
    <>
      <h3>Return without a receipt</h3>
      <form onSubmit={find}>
        <label>
          Scan what comes back
          <input
            ref={scan}
            name="return-item"
            value={code}
            placeholder="Barcode, SKU or name"
            onInput={(e) => setCode(e.currentTarget.value)}
          />
        </label>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {matches.length > 0 && (
        <ul class="swap-matches" aria-label="Items that match">
          {matches.map((variant) => (
            <li key={variant.id}>
              <button type="button" onClick={() => add(variant)}>
                <span>{variant.name}</span>
                <span class="sku">{variant.sku}</span>
                <span />
              </button>
            </li>
          ))}
        </ul>
      )}
      {lines.length > 0 && (
        <>
          <table class="lines" data-testid="items-back">
            <tbody>
              {lines.map((line, i) => (
                <tr key={line.variant.id}>
                  <td class="item">
                    <span class="name">{line.variant.name}</span>
                    <span class="sku">{line.variant.sku}</span>
                  </td>
                  <td class="qty">
                    <button type="button" aria-label={`One less ${line.variant.name} back`} onClick={() => set(i, line.quantity - 1)}>
                      −
                    </button>
                    <span>{line.quantity}</span>
                    <button type="button" aria-label={`One more ${line.variant.name} back`} onClick={() => set(i, line.quantity + 1)}>
                      +
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <RefundDue till={till} pricing={pricing} fmt={fmt} label="Refund in cash" amount={amount} withoutReceipt />
          <ReturnFinish label="Take back and refund in cash" onFinish={give} />
        </>
      )}
    </>
  );
}
