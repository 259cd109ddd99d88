import type { ParkedSale } from '../checkout/parked-sale.ts';

/** The sales parked at this store (F8 on an empty cart): the first takes the focus, Enter or a tap resumes one. */
export function ParkedSales({
  parked,
  fmt,
  onResume,
  firstRef,
}: {
  parked: readonly ParkedSale[];
  fmt: (amount: number) => string;
  onResume: (saleId: string) => void;
  firstRef: { current: HTMLButtonElement | null };
}) {
  return (
    <div class="parked" data-testid="parked">
      <h3>Parked sales</h3>
      {parked.length === 0 && <p class="placeholder">No sale is parked at this store.</p>}
      {parked.map((sale, i) => (
        <button type="button" key={sale.id} class="parked-sale" onClick={() => onResume(sale.id)} ref={i === 0 ? firstRef : undefined}>
          <span>{new Date(sale.parkedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</span>
          <span>
            {sale.lines} {sale.lines === 1 ? 'line' : 'lines'}
          </span>
          <span class="amount">{fmt(sale.total)}</span>
        </button>
      ))}
    </div>
  );
}
