import type { Discount } from '../../shared/pricing.ts';
import type { TillCheckout } from '../checkout/till-checkout.ts';

/** Beside the cart: the sale's customer, how many items, its discounts and tax, who approved what. */
export function SaleSummary({
  checkout,
  customer,
  fmt,
  describe,
}: {
  checkout: TillCheckout;
  customer: { readonly name: string } | undefined;
  fmt: (amount: number) => string;
  describe: (discount: Discount) => string;
}) {
  const state = checkout.machine.state;
  if (state.step === 'receipt') return null;
  const priced = checkout.machine.priced();
  return (
    <>
      {customer && (
        <p class="sale-customer" data-testid="sale-customer">
          Customer: {customer.name}
        </p>
      )}
      <dl>
        <dt>Items</dt>
        <dd>{state.lines.reduce((n, l) => n + l.quantity, 0)}</dd>
        {priced.discountTotal > 0 && (
          <>
            <dt>Discounts</dt>
            <dd>−{fmt(priced.discountTotal)}</dd>
          </>
        )}
        <dt>Tax</dt>
        <dd>{fmt(priced.taxTotal)}</dd>
      </dl>
      {state.step === 'cart' && state.cartDiscount && <p class="cart-discount">Sale discount {describe(state.cartDiscount)}</p>}
      {state.approvals && state.approvals.length > 0 && (
        <p class="approved-by" data-testid="approved-by">
          Approved by {[...new Set(state.approvals.map((approval) => approval.approverName))].join(', ')}
        </p>
      )}
    </>
  );
}
