import { formatMoney } from '@kits/plugin-sdk/money';
import { useEffect, useState } from 'preact/hooks';
import { salesSince, type TillSaleSummary } from '../../src/store/event-log.ts';
import type { TillRuntime } from '../till-runtime.ts';

const STATUS: Record<TillSaleSummary['status'], string> = {
  pending: 'waiting to send',
  accepted: 'sent',
  duplicate: 'sent',
  denied: 'to resolve',
  resolved: 'resolved',
};

/** Today's sales of this till, from its own log (so offline too), kept current as sales and answers come in. */
export function TodaysSales({ runtime, currency }: { runtime: TillRuntime; currency: string }) {
  const [sales, setSales] = useState<TillSaleSummary[]>();
  const money = (amount: number) => formatMoney(amount, currency);
  useEffect(() => {
    const startOfDay = new Date();
    startOfDay.setHours(0, 0, 0, 0);
    const subscription = runtime.db.events.find().$.subscribe(() => void salesSince(runtime.db, startOfDay).then(setSales));
    return () => subscription.unsubscribe();
  }, [runtime]);
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
