import { useEffect, useState } from 'preact/hooks';
import type { CompletedSaleEvent } from '../../src/checkout/checkout-machine.ts';
import { canSellInPart, deniedSales, sellWhatWasThere, voidDeniedSale, type DeniedSale } from '../../src/store/resolution-queue.ts';
import { formatMoney } from '../money.ts';
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

/**
 * The resolution queue: sales the server denied after the till made them offline. For each, sell
 * what was there (same receipt, short lines cut, the difference given back in cash) or void it
 * (the customer gets their money back; the receipt number is kept as void).
 */
export function ResolutionQueue({ runtime, checkout }: { runtime: TillRuntime; checkout: TillCheckout }) {
  const queue = useDeniedSales(runtime);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<string>();
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
  const { deviceId, cashier } = runtime.session;

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
                {sale.short
                  .map(
                    (line) => `${names.get(line.variantId) ?? line.variantId} ${line.quantity} sold, ${Math.max(0, line.available)} there`,
                  )
                  .join('; ')}
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
            <div class="actions">
              {inPart && (
                <button
                  type="button"
                  class="primary"
                  onClick={() =>
                    act(async () => {
                      const sold = await sellWhatWasThere(runtime.db, deviceId, sale, checkout.pricing);
                      return `Receipt ${sale.receiptNumber} sold in part: ${fmt(sold.total)}. Give the customer back ${fmt(sold.giveBack)}.`;
                    })
                  }
                >
                  Sell what was there
                </button>
              )}
              <button
                type="button"
                class={inPart ? 'secondary' : 'primary'}
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
