import type { Discount } from '../../shared/pricing.ts';
import type { TillCheckout } from '../checkout/till-checkout.ts';

/**
 * The cart's lines: name, SKU, discounts and a changed price, other plugins' line actions under
 * each (`checkout.cartLine`), − and + while in the cart, what each line comes to. A tap selects a
 * line (a discount then applies to it). `data-kept` says whether the cart on screen is kept on the device.
 */
export function CartLines({
  checkout,
  kept,
  selected,
  onSelect,
  fmt,
  describe,
  attempt,
}: {
  checkout: TillCheckout;
  kept: boolean;
  selected: number | undefined;
  onSelect: (line: number | undefined) => void;
  fmt: (amount: number) => string;
  describe: (discount: Discount) => string;
  attempt: (action: () => unknown) => Promise<void>;
}) {
  const { machine } = checkout;
  const { CartLine } = checkout.outlets;
  const state = machine.state;
  if (state.step === 'receipt') return null;
  const priced = machine.priced();
  const inCart = state.step === 'cart';
  return (
    <table class="lines" data-testid="cart" data-kept={kept ? 'yes' : 'no'}>
      <tbody>
        {state.lines.map((line, i) => (
          <tr
            key={line.item.variantId + i}
            class={selected === i ? 'selected' : ''}
            onClick={() => inCart && onSelect(selected === i ? undefined : i)}
            aria-selected={selected === i}
          >
            <td class="item">
              <span class="name">{line.item.name}</span>
              <span class="sku">{line.item.sku}</span>
              {line.discount && <span class="discount">{describe(line.discount)}</span>}
              {line.unitPriceOverride !== undefined && <span class="discount">Price changed to {fmt(line.unitPriceOverride)}</span>}
              <CartLine line={{ variantId: line.item.variantId, name: line.item.name, sku: line.item.sku, quantity: line.quantity }} />
            </td>
            <td class="qty">
              {inCart && (
                <button
                  type="button"
                  aria-label={`One less ${line.item.name}`}
                  onClick={() => attempt(() => machine.setQuantity(i, line.quantity - 1))}
                >
                  −
                </button>
              )}
              <span>{line.quantity}</span>
              {inCart && (
                <button
                  type="button"
                  aria-label={`One more ${line.item.name}`}
                  onClick={() => attempt(() => machine.setQuantity(i, line.quantity + 1))}
                >
                  +
                </button>
              )}
            </td>
            <td class="amount">{fmt(priced.lines[i]!.total)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
