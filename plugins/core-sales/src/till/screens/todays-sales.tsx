import { useEffect, useState } from 'preact/hooks';
import { watchSalesSince, type TillSaleSummary } from '../store/todays-sales.ts';
import { formatMoney } from '@kits/plugin-sdk/money';
import type { SalesTill } from '../sales-till.ts';

const STATUS: Record<TillSaleSummary['status'], string> = {
  pending: 'waiting to send',
  accepted: 'sent',
  duplicate: 'sent',
  denied: 'to resolve',
  resolved: 'resolved',
};

/** Today's sales of this till, from its own log (so offline too), kept current as sales and answers come in. */
export function TodaysSales({ till, currency }: { till: Pick<SalesTill, 'events'>; currency: string }) {
  const [sales, setSales] = useState<TillSaleSummary[]>();
  const money = (amount: number) => formatMoney(amount, currency);
  useEffect(() => {
    const startOfDay = new Date();
    startOfDay.setHours(0, 0, 0, 0);
    return watchSalesSince(till, startOfDay, setSales);
  }, [till]);
  if (!sales) return <p class="loading">Reading today’s sales…</p>;
  const counted = sales.filter((sale) => sale.status !== 'resolved' && sale.status !== 'denied');
  return (
    <section class="todays-sales">
      <header>
        <h2>Today</h2>
        <span data-testid="today-total">
          {counted.length} {counted.length === 1 ? 'sale' : 'sales'} · {money(counted.reduce((sum, sale) => sum + sale.total, 0))}
        </span>
      </header>
      {sales.length === 0 && <p class="placeholder">No sale yet today.</p>}
      <table class="sales-list" data-testid="today">
        <tbody>
          {sales.map((sale) => (
            <tr key={`${sale.receiptNumber}-${sale.occurredAt}-${sale.status}`} class={sale.status}>
              <td>Receipt {sale.receiptNumber}</td>
              <td>{new Date(sale.occurredAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</td>
              <td>
                {sale.lines} {sale.lines === 1 ? 'line' : 'lines'}
              </td>
              <td class="status">{STATUS[sale.status]}</td>
              <td class="amount">{money(sale.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
