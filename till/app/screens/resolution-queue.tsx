import { formatMoney } from '@kits/plugin-sdk/money';
import type { TillVariant } from '@kits/plugin-sdk/till';
import { useEffect, useState } from 'preact/hooks';
import type { CompletedSaleEvent } from '../../src/checkout/checkout-machine.ts';
import {
  canResell,
  canSellInPart,
  deniedSales,
  sellWithSwaps,
  voidDeniedSale,
  type DeniedSale,
  type SoldInPart,
} from '../../src/store/resolution-queue.ts';
import { SwapPicker } from './swap-picker.tsx';
import type { TillCheckout } from '../till-checkout.ts';
import type { TillRuntime } from '../till-runtime.ts';

/** The denied sales of this till, kept current as the sync agent records answers. */
export function useDeniedSales(runtime: TillRuntime): DeniedSale[] {
  const [queue, setQueue] = useState<DeniedSale[]>([]);
  useEffect(() => {
    const subscription = runtime.db.events.find({ selector: { status: 'denied' } }).$.subscribe(() => {
      void deniedSales(runtime.db).then(setQueue);
    });
    return () => subscription.unsubscribe();
  }, [runtime]);
  return queue;
}

/** What the cashier does with the cash once a sale is sold again. */
function settleMessage(sold: SoldInPart, fmt: (amount: number) => string): string {
  if (sold.collect > 0) return `Collect ${fmt(sold.collect)} from the customer.`;
  if (sold.giveBack > 0) return `Give the customer back ${fmt(sold.giveBack)}.`;
  return 'Nothing to give back or collect.';
}

/**
 * The resolution queue: sales the server denied after the till made them offline. For each, sell
 * what was there (same receipt, short lines cut, the difference given back in cash), swap the
 * missing part for another item the customer takes instead, or void it (the customer gets their
 * money back; the receipt number is kept as void).
 */
export function ResolutionQueue({ runtime, checkout }: { runtime: TillRuntime; checkout: TillCheckout }) {
  const queue = useDeniedSales(runtime);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<string>();
  /** Per denied sale: the item chosen instead of each short variant. */
  const [swaps, setSwaps] = useState<ReadonlyMap<string, ReadonlyMap<string, TillVariant>>>(new Map());
  const [picking, setPicking] = useState<{ eventId: string; variantId: string }>();
  const fmt = (amount: number) => formatMoney(amount, checkout.pricing.currency);

  useEffect(() => {
    const ids = [
      ...new Set(queue.flatMap((sale) => (sale.event.payload as CompletedSaleEvent['payload']).sale.lines.map((l) => l.variantId))),
    ];
    void runtime.db.catalog
      .findByIds(ids)
      .exec()
      .then((found) => setNames(new Map([...found].map(([id, doc]) => [id, doc.name]))));
  }, [queue]);

  const act = async (action: () => Promise<string>) => {
    setError(undefined);
    try {
      setDone(await action());
      void runtime.push.flush();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  const { deviceId, cashier, locationId } = runtime.session;
  const chooseSwap = (eventId: string, variantId: string, replacement: TillVariant | undefined) => {
    const forSale = new Map(swaps.get(eventId));
    if (replacement) forSale.set(variantId, replacement);
    else forSale.delete(variantId);
    setSwaps(new Map(swaps).set(eventId, forSale));
    setPicking(undefined);
  };

  return (
    <section class="resolution-queue">
      <h2>To resolve</h2>
      {done && (
        <p class="done" role="status">
          {done}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {queue.length === 0 && <p class="placeholder">Nothing to resolve: every sale of this till was accepted.</p>}
      {queue.map((sale) => {
        const payload = sale.event.payload as CompletedSaleEvent['payload'];
        const inPart = canSellInPart(sale);
        const resell = canResell(sale);
        const chosen = swaps.get(sale.eventId) ?? new Map<string, TillVariant>();
        const name = (variantId: string) => names.get(variantId) ?? variantId;
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
                {sale.short.map((line) => `${name(line.variantId)} ${line.quantity} sold, ${Math.max(0, line.available)} there`).join('; ')}
                .
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
                  const open = picking?.eventId === sale.eventId && picking.variantId === line.variantId;
                  if (missing <= 0) return null;
                  return (
                    <li key={line.variantId}>
                      {replacement ? (
                        <span data-testid="swap-chosen">
                          {missing} × {replacement.name} instead of {name(line.variantId)}{' '}
                          <button type="button" class="link" onClick={() => chooseSwap(sale.eventId, line.variantId, undefined)}>
                            Undo swap
                          </button>
                        </span>
                      ) : open ? (
                        <SwapPicker
                          db={runtime.db}
                          instead={name(line.variantId)}
                          missing={missing}
                          currency={checkout.pricing.currency}
                          locationId={locationId}
                          onPick={(variant) => chooseSwap(sale.eventId, line.variantId, variant)}
                          onCancel={() => setPicking(undefined)}
                        />
                      ) : (
                        <button
                          type="button"
                          class="secondary"
                          onClick={() => setPicking({ eventId: sale.eventId, variantId: line.variantId })}
                        >
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
                      const sold = await sellWithSwaps(runtime.db, deviceId, sale, chosenSwaps, checkout.pricing);
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
                    await voidDeniedSale(runtime.db, deviceId, sale, `voided from the resolution queue by ${cashier}`);
                    return `Receipt ${sale.receiptNumber} voided: give the customer back ${fmt(payload.sale.expectedTotal)}.`;
                  })
                }
              >
                Void
              </button>
            </div>
          </article>
        );
      })}
    </section>
  );
}
