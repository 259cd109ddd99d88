import { useEffect, useState } from 'preact/hooks';
import type { TillPricing } from '../checkout/checkout-machine.ts';
import { localShiftReport, type ShiftReport } from '../store/local-shift-report.ts';
import { closeShift, moveCash, openShift, openShiftId } from '../store/shift-log.ts';
import { formatMoney } from '@kits/plugin-sdk/money';
import { typedAmount } from '../checkout/typed-amounts.ts';
import type { SalesTill } from '../sales-till.ts';

/** The report shown: the server's, or — offline, or before the server has the shift — the till's own. */
type ShownReport =
  | { readonly report: ShiftReport; readonly source: 'server' }
  | { readonly report: ShiftReport; readonly source: 'till'; readonly why: 'offline' | 'pending' };

/** Notes and coins in the drawer, largest first (minor units). */
const DENOMINATIONS: Record<string, readonly number[]> = {
  EUR: [10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
  GBP: [5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
  USD: [10000, 5000, 2000, 1000, 500, 100, 25, 10, 5, 1],
};

/** The shift on this till: open with a float, cash in and out, the X report, close with a count and the Z report. */
export function ShiftScreen({ till, pricing }: { till: SalesTill; pricing: TillPricing }) {
  const currency = pricing.currency;
  const [shiftId, setShiftId] = useState<string | null>();
  const [closedId, setClosedId] = useState<string>();
  const [report, setReport] = useState<ShownReport>();
  const [message, setMessage] = useState<{ text: string; error?: boolean }>();
  const [version, setVersion] = useState(0);
  const money = (amount: number) => formatMoney(amount, currency);

  useEffect(() => void openShiftId(till).then((id) => setShiftId(id ?? null)), [version]);

  // The report of the open shift (X) or of the one just closed (Z), from the server once it has the shift's events.
  const reportOf = shiftId ?? closedId;
  useEffect(() => {
    if (!reportOf) return setReport(undefined);
    let current = true;
    const load = async () => {
      await till.events.send();
      try {
        const found = await till.api.get<ShiftReport>(`/api/v1/core-sales/shifts/${reportOf}/report`);
        if (current) setReport({ report: found, source: 'server' });
        // A close still on its way: ask again shortly.
        if (current && closedId && found.status !== 'closed') setTimeout(() => void load(), 1_000);
      } catch (failure) {
        // No network, or the server has not got the shift yet: the till reckons the report from its own log.
        const why = (failure as { status?: number }).status === 404 ? 'pending' : 'offline';
        const own = await localShiftReport(till, reportOf, pricing);
        if (current && own) setReport({ report: own, source: 'till', why });
      }
    };
    void load();
    return () => {
      current = false;
    };
  }, [reportOf, version]);

  const act = async (action: () => Promise<string>) => {
    try {
      setMessage({ text: await action() });
      setVersion((v) => v + 1);
    } catch (failure) {
      setMessage({ text: (failure as Error).message, error: true });
    }
  };

  return (
    <section class="shift-screen">
      {message && (
        <p class={message.error ? 'error' : 'done'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {shiftId === undefined ? (
        <p class="loading">Looking for the open shift…</p>
      ) : shiftId === null ? (
        <OpenShiftForm
          currency={currency}
          onOpen={(float) =>
            act(async () => {
              await openShift(till, float);
              setClosedId(undefined);
              return `Shift open with ${money(float)} in the drawer.`;
            })
          }
        />
      ) : (
        <div class="shift-actions">
          {/* Closing first: it is what the cashier comes here for at the end of the day, and it must be in sight. */}
          <CloseShiftForm
            currency={currency}
            money={money}
            onClose={(counted) =>
              act(async () => {
                setClosedId(await closeShift(till, counted));
                return 'Shift closed.';
              })
            }
          />
          <CashMovementForm
            currency={currency}
            onMove={(movement) =>
              act(async () => {
                await moveCash(till, movement);
                return `${money(movement.amount)} ${movement.kind === 'in' ? 'put in' : 'taken out'}: ${movement.reason}.`;
              })
            }
          />
        </div>
      )}
      {reportOf && <ReportView shown={report} money={money} />}
    </section>
  );
}

function OpenShiftForm({ currency, onOpen }: { currency: string; onOpen: (float: number) => void }) {
  const [float, setFloat] = useState('');
  const amount = typedAmount(float || '0', currency);
  return (
    <form
      class="panel"
      onSubmit={(event) => {
        event.preventDefault();
        if (amount !== undefined) onOpen(amount);
      }}
    >
      <h2>No shift open</h2>
      <label>
        Float (cash in the drawer)
        <input name="float" inputMode="decimal" value={float} onInput={(e) => setFloat(e.currentTarget.value)} autoFocus />
      </label>
      <button type="submit" class="primary" disabled={amount === undefined}>
        Open shift
      </button>
    </form>
  );
}

function CashMovementForm({
  currency,
  onMove,
}: {
  currency: string;
  onMove: (movement: { kind: 'in' | 'out'; amount: number; reason: string }) => void;
}) {
  const [kind, setKind] = useState<'in' | 'out'>('out');
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const amount = typedAmount(amountText, currency);
  return (
    <form
      class="panel"
      onSubmit={(event) => {
        event.preventDefault();
        if (amount === undefined) return;
        onMove({ kind, amount, reason });
        setAmountText('');
        setReason('');
      }}
    >
      <h2>Cash in or out</h2>
      <div class="choice" role="radiogroup" aria-label="In or out">
        {(['out', 'in'] as const).map((option) => (
          <button
            type="button"
            key={option}
            class={kind === option ? 'current' : ''}
            aria-pressed={kind === option}
            onClick={() => setKind(option)}
          >
            {option === 'out' ? 'Take out' : 'Put in'}
          </button>
        ))}
      </div>
      <label>
        Amount
        <input name="cash-amount" inputMode="decimal" value={amountText} onInput={(e) => setAmountText(e.currentTarget.value)} />
      </label>
      <label>
        Reason
        <input name="cash-reason" value={reason} maxLength={200} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
      <button type="submit" class="secondary" disabled={amount === undefined || amount === 0}>
        Record
      </button>
    </form>
  );
}

function CloseShiftForm({
  currency,
  money,
  onClose,
}: {
  currency: string;
  money: (amount: number) => string;
  onClose: (counted: Array<{ denomination: number; count: number }>) => void;
}) {
  const denominations = DENOMINATIONS[currency] ?? DENOMINATIONS.EUR!;
  const [counts, setCounts] = useState<Record<number, string>>({});
  const counted = denominations.map((denomination) => ({ denomination, count: Number(counts[denomination] || 0) }));
  const valid = counted.every((line) => Number.isInteger(line.count) && line.count >= 0);
  const total = counted.reduce((sum, line) => sum + line.denomination * line.count, 0);
  return (
    <form
      class="panel count"
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) onClose(counted);
      }}
    >
      <h2>Close the shift</h2>
      <p class="hint">Count the drawer: how many of each note and coin.</p>
      <div class="denominations">
        {denominations.map((denomination) => (
          <label key={denomination}>
            {money(denomination)}
            <input
              name={`count-${denomination}`}
              inputMode="numeric"
              value={counts[denomination] ?? ''}
              onInput={(e) => setCounts({ ...counts, [denomination]: e.currentTarget.value })}
              aria-label={`How many of ${money(denomination)}`}
            />
          </label>
        ))}
      </div>
      <p class="counted" data-testid="counted">
        Counted {valid ? money(total) : '—'}
      </p>
      <button type="submit" class="primary" disabled={!valid}>
        Close shift
      </button>
    </form>
  );
}

function ReportView({ shown, money }: { shown: ShownReport | undefined; money: (amount: number) => string }) {
  if (shown === undefined) return <p class="loading">Asking the server for the report…</p>;
  const { report } = shown;
  const closed = report.status === 'closed';
  return (
    <article class="panel report" data-testid="shift-report">
      <h2>{closed ? 'Z report' : 'X report'}</h2>
      {shown.source === 'till' && (
        <p class="report-source" data-testid="report-source">
          {shown.why === 'offline'
            ? 'Offline: reckoned by this till from its own records. The server’s report follows once it is back.'
            : 'Reckoned by this till: the server has not got every event of this shift yet.'}
        </p>
      )}
      <table>
        <tbody>
          <tr>
            <td>Sales ({report.sales.count})</td>
            <td class="amount">{money(report.sales.total)}</td>
          </tr>
          <tr>
            <td>Refunds ({report.refunds.count})</td>
            <td class="amount">{money(report.refunds.total === 0 ? 0 : -report.refunds.total)}</td>
          </tr>
          <tr class="total">
            <td>After refunds</td>
            <td class="amount" data-testid="after-refunds">
              {money(report.afterRefunds.total)}
            </td>
          </tr>
          {report.byTender.map((tender) => (
            <tr key={tender.method}>
              <td>{tender.method === 'cash' ? 'Cash' : tender.method}</td>
              <td class="amount">{money(tender.net)}</td>
            </tr>
          ))}
          {report.byTax.length > 0 && (
            <tr class="subhead">
              <td colSpan={2}>Tax by rate, after refunds</td>
            </tr>
          )}
          {report.byTax.map((tax) => (
            <tr key={`${tax.name}${tax.basisPoints}`} class="tax" data-testid="tax-rate">
              <td>
                {tax.name} {tax.basisPoints / 100} % on {money(tax.net)} net ({money(tax.gross)} gross)
              </td>
              <td class="amount">{money(tax.amount)}</td>
            </tr>
          ))}
          <tr class="total">
            <td>
              Cash expected (float {money(report.cash.float)}, in {money(report.cash.paidIn)}, out {money(report.cash.paidOut)})
            </td>
            <td class="amount" data-testid="cash-expected">
              {money(report.cash.expected)}
            </td>
          </tr>
          {report.cash.counted !== null && (
            <tr>
              <td>Counted</td>
              <td class="amount">{money(report.cash.counted)}</td>
            </tr>
          )}
          {report.cash.overShort !== null && (
            <tr class="total">
              <td>{report.cash.overShort >= 0 ? 'Over' : 'Short'}</td>
              <td class="amount" data-testid="over-short">
                {money(Math.abs(report.cash.overShort))}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </article>
  );
}
