import type { TillResolverProps, TillVariant } from '@kits/plugin-sdk/till';
import { useEffect, useState } from 'preact/hooks';
import { formatMoney } from '@kits/plugin-sdk/money';
import type { CompletedSaleEvent, TillPricing } from '../checkout/checkout-machine.ts';
import { canResell, canSellInPart, deniedSale, sellWithSwaps, voidDeniedSale, type SoldInPart } from '../store/denied-sales.ts';
import { variantsByIds, type SalesTill } from '../sales-till.ts';
import { SwapPicker } from './swap-picker.tsx';

/** What the cashier does with the cash once a sale is sold again. */
function settleMessage(sold: SoldInPart, fmt: (amount: number) => string): string {
  if (sold.collect > 0) return `Collect ${fmt(sold.collect)} from the customer.`;
  if (sold.giveBack > 0) return `Give the customer back ${fmt(sold.giveBack)}.`;
  return 'Nothing to give back or collect.';
}

/**
 * A sale the server denied after the till made it offline, in the till's resolution queue (core-sales
 * resolves its own `sales.sale.completed` events): sell what was there (same receipt, short lines
 * cut, the difference given back in cash), swap the missing part for another item the customer
 * takes instead, or void it (the customer gets their money back; the receipt number is kept as void).
 */
export function DeniedSaleCard({
  till,
  pricing,
  event,
  done,
  failed,
}: TillResolverProps & { till: Pick<SalesTill, 'catalog' | 'events' | 'session'>; pricing: TillPricing }) {
  const sale = deniedSale(event);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  /** The item chosen instead of each short variant. */
  const [swaps, setSwaps] = useState<ReadonlyMap<string, TillVariant>>(new Map());
  const [picking, setPicking] = useState<string>();
  const fmt = (amount: number) => formatMoney(amount, pricing.currency);
  useEffect(() => {
    const ids = (sale.event.payload as CompletedSaleEvent['payload']).sale.lines.map((line) => line.variantId);
    void variantsByIds(till.catalog, ids).then((found) => setNames(new Map([...found].map(([id, variant]) => [id, variant.name]))));
  }, [sale.eventId]);
  const name = (variantId: string) => names.get(variantId) ?? variantId;
  const { locationId } = till.session;

  const act = async (action: () => Promise<string>) => {
    try {
      done(await action());
      void till.events.send();
    } catch (failure) {
      failed((failure as Error).message);
    }
  };
  const chooseSwap = (variantId: string, replacement: TillVariant | undefined) => {
    const next = new Map(swaps);
    if (replacement) next.set(variantId, replacement);
    else next.delete(variantId);
    setSwaps(next);
    setPicking(undefined);
  };

  const payload = sale.event.payload as CompletedSaleEvent['payload'];
  const inPart = canSellInPart(sale);
  const resell = canResell(sale);
  const chosen = swaps;
  return (
    <article class="denied-sale" key={sale.eventId} data-testid="denied-sale">
      <header>
        <h3>Receipt {sale.receiptNumber}</h3>
        <span class="when">{new Date(sale.event.occurredAt).toLocaleString()}</span>
        <span class="total">{fmt(payload.sale.expectedTotal)}</span>
      </header>
      {sale.short.length > 0 ? (
        <p class="reason">
          Not enough stock when it reached the server:{' '}
          {sale.short.map((line) => `${name(line.variantId)} ${line.quantity} sold, ${Math.max(0, line.available)} there`).join('; ')}.
        </p>
      ) : (
        <p class="reason">{sale.reason}</p>
      )}
      <ul>
        {payload.sale.lines.map((line, i) => (
          <li key={i}>
            {line.quantity} × {names.get(line.variantId) ?? line.variantId}
          </li>
        ))}
      </ul>
      {resell && (
        <ul class="short-lines">
          {sale.short.map((line) => {
            const missing = line.quantity - Math.max(0, line.available);
            const replacement = chosen.get(line.variantId);
            const open = picking === line.variantId;
            if (missing <= 0) return null;
            return (
              <li key={line.variantId}>
                {replacement ? (
                  <span data-testid="swap-chosen">
                    {missing} × {replacement.name} instead of {name(line.variantId)}{' '}
                    <button type="button" class="link" onClick={() => chooseSwap(line.variantId, undefined)}>
                      Undo swap
                    </button>
                  </span>
                ) : open ? (
                  <SwapPicker
                    catalog={till.catalog}
                    instead={name(line.variantId)}
                    missing={missing}
                    currency={pricing.currency}
                    locationId={locationId}
                    onPick={(variant) => chooseSwap(line.variantId, variant)}
                    onCancel={() => setPicking(undefined)}
                  />
                ) : (
                  <button type="button" class="secondary" onClick={() => setPicking(line.variantId)}>
                    Swap {name(line.variantId)}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <div class="actions">
        {(chosen.size > 0 || inPart) && (
          <button
            type="button"
            class="primary"
            onClick={() =>
              act(async () => {
                const chosenSwaps = [...chosen].map(([variantId, replacement]) => ({ variantId, replacementId: replacement.id }));
                const sold = await sellWithSwaps(till, sale, chosenSwaps, pricing);
                const how = chosenSwaps.length > 0 ? 'sold with the swap' : 'sold in part';
                return `Receipt ${sale.receiptNumber} ${how}: ${fmt(sold.total)}. ${settleMessage(sold, fmt)}`;
              })
            }
          >
            {chosen.size > 0 ? 'Sell with the swap' : 'Sell what was there'}
          </button>
        )}
        <button
          type="button"
          class={inPart || chosen.size > 0 ? 'secondary' : 'primary'}
          onClick={() =>
            act(async () => {
              await voidDeniedSale(till, sale, `voided from the resolution queue by ${till.session.cashierName}`);
              return `Receipt ${sale.receiptNumber} voided: give the customer back ${fmt(payload.sale.expectedTotal)}.`;
            })
          }
        >
          Void
        </button>
      </div>
    </article>
  );
}
