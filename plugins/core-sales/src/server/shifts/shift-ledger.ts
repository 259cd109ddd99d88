import { badRequest, conflict, notFound, Type, type TenantTransaction } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { taxesNetOfRefunds, type RateSum, type ShiftTotals } from '../../shared/shift-report.ts';

/** Cash counted at close: how many of each denomination (minor units), at most 50 kinds. */
export const CountedCash = Type.Array(
  Type.Object(
    { denomination: Type.Integer({ minimum: 1, maximum: 10_000_000 }), count: Type.Integer({ minimum: 0, maximum: 1_000_000 }) },
    { additionalProperties: false },
  ),
  { maxItems: 50 },
);

export interface ShiftReport extends ShiftTotals {
  readonly shiftId: string;
  readonly deviceId: string;
  readonly status: string;
  /** When the shift opened and closed by the till's clock (which may be hours off)… */
  readonly openedAt: string;
  readonly closedAt: string | null;
  /** …and when the server learned of it. */
  readonly openedReceivedAt: string;
  readonly closedReceivedAt: string | null;
  /** The first and last completed sale by the till's clock and by the server's receipt; null without sales. */
  readonly salesPeriod: {
    readonly firstAt: string;
    readonly lastAt: string;
    readonly firstReceivedAt: string;
    readonly lastReceivedAt: string;
  } | null;
  readonly openingFloat: number;
}

interface ShiftRow {
  shift_id: string;
  device_id: string;
  location_id: string;
  status: string;
  opening_float: string;
  opened_at: Date;
  closed_at: Date | null;
  opened_received_at: Date;
  closed_received_at: Date | null;
  counted_cash: string | null;
}

async function shiftRow(tx: TenantTransaction, shiftId: string, lock = false): Promise<ShiftRow> {
  const [shift] = await tx.query<ShiftRow>(
    `select shift_id, device_id, location_id, status, opening_float, opened_at, closed_at, opened_received_at, closed_received_at, counted_cash
       from sales.shifts where shift_id = $1${lock ? ' for update' : ''}`,
    [shiftId],
  );
  if (!shift) throw notFound('sales.unknown_shift', `There is no shift ${shiftId}.`);
  return shift;
}

export async function openShift(
  tx: TenantTransaction,
  input: { shiftId?: string; deviceId: string; locationId: string; openingFloat: number; openedBy: string; openedAt?: string },
): Promise<string> {
  const shiftId = input.shiftId ?? uuidv7();
  const [open] = await tx.query<{ shift_id: string }>("select shift_id from sales.shifts where device_id = $1 and status = 'open'", [
    input.deviceId,
  ]);
  if (open)
    throw conflict('sales.shift_open', `Device ${input.deviceId} has shift ${open.shift_id} open; close it before opening another.`, {
      shiftId: open.shift_id,
    });
  await tx.query(
    `insert into sales.shifts (tenant_id, shift_id, device_id, location_id, opened_by, opening_float, status, opened_at)
     values ($1, $2, $3, $4, $5, $6, 'open', coalesce($7::timestamptz, now()))`,
    [tx.tenantId, shiftId, input.deviceId, input.locationId, input.openedBy, input.openingFloat, input.openedAt ?? null],
  );
  await tx.audit('sales.shift.opened', { shiftId, deviceId: input.deviceId, openingFloat: input.openingFloat });
  return shiftId;
}

export async function recordCashMovement(
  tx: TenantTransaction,
  shiftId: string,
  movement: { id?: string; kind: 'in' | 'out'; amount: number; reason: string },
): Promise<void> {
  const shift = await shiftRow(tx, shiftId, true);
  if (shift.status !== 'open') throw conflict('sales.shift_closed', `Shift ${shiftId} is closed; cash moves in an open shift.`);
  await tx.query(
    'insert into sales.cash_movements (tenant_id, movement_id, shift_id, kind, amount, reason) values ($1, $2, $3, $4, $5, $6)',
    [tx.tenantId, movement.id ?? uuidv7(), shiftId, movement.kind, movement.amount, movement.reason],
  );
  await tx.audit(`sales.cash.${movement.kind}`, { shiftId, amount: movement.amount, reason: movement.reason });
}

/** The X report (shift open) or Z report (closed): totals by tender, tax and category, and the cash drawer. */
export async function shiftReport(tx: TenantTransaction, shiftId: string): Promise<ShiftReport> {
  const shift = await shiftRow(tx, shiftId);
  const n = Number;
  const [sales] = await tx.query<{
    count: number;
    total: string;
    discounts: string;
    tax: string;
    first_at: Date | null;
    last_at: Date | null;
    first_received_at: Date | null;
    last_received_at: Date | null;
  }>(
    `select count(*)::int as count, coalesce(sum(total), 0) as total, coalesce(sum(discount_total), 0) as discounts, coalesce(sum(tax_total), 0) as tax,
            min(occurred_at) as first_at, max(occurred_at) as last_at, min(received_at) as first_received_at, max(received_at) as last_received_at
       from sales.sales where shift_id = $1 and status = 'completed'`,
    [shiftId],
  );
  const [refunds] = await tx.query<{ count: number; total: string; tax: string }>(
    `select count(*)::int as count, coalesce(sum(total), 0) as total,
            coalesce(sum((select sum(rl.tax) from sales.refund_lines rl where rl.tenant_id = r.tenant_id and rl.refund_id = r.refund_id)), 0) as tax
       from sales.refunds r where shift_id = $1`,
    [shiftId],
  );
  const tenders = await tx.query<{ method: string; sales: string; refunds: string }>(
    `with sold as (select t.method, sum(t.amount) as amount from sales.tenders t
                     join sales.sales s on s.tenant_id = t.tenant_id and s.sale_id = t.sale_id
                    where s.shift_id = $1 and s.status = 'completed' group by t.method),
          back as (select rt.method, sum(rt.amount) as amount from sales.refund_tenders rt
                     join sales.refunds r on r.tenant_id = rt.tenant_id and r.refund_id = rt.refund_id
                    where r.shift_id = $1 group by rt.method)
     select coalesce(sold.method, back.method) as method, coalesce(sold.amount, 0) as sales, coalesce(back.amount, 0) as refunds
       from sold full join back on back.method = sold.method order by 1`,
    [shiftId],
  );
  // Tax by rate from the lines (each line's net under every rate it carries), sold and refunded in the shift.
  type RateRow = { name: string; basis_points: number; net: string; tax: string };
  const soldByRate = await tx.query<RateRow>(
    `select x->>'name' as name, (x->>'basisPoints')::int as basis_points, sum(l.total - l.tax) as net, sum((x->>'amount')::bigint) as tax
       from sales.sale_lines l
       join sales.sales s on s.tenant_id = l.tenant_id and s.sale_id = l.sale_id, jsonb_array_elements(l.taxes) as x
      where s.shift_id = $1 and s.status = 'completed' group by 1, 2`,
    [shiftId],
  );
  const refundedByRate = await tx.query<RateRow>(
    `select x->>'name' as name, (x->>'basisPoints')::int as basis_points, sum(rl.amount - rl.tax) as net, sum((x->>'amount')::bigint) as tax
       from sales.refund_lines rl
       join sales.refunds r on r.tenant_id = rl.tenant_id and r.refund_id = rl.refund_id, jsonb_array_elements(rl.taxes) as x
      where r.shift_id = $1 group by 1, 2`,
    [shiftId],
  );
  const rateSums = (rows: readonly RateRow[]): RateSum[] =>
    rows.map((row) => ({ name: row.name, basisPoints: row.basis_points, net: n(row.net), tax: n(row.tax) }));
  const categories = await tx.query<{ category_id: string | null; total: string }>(
    `select l.category_id, sum(l.total) as total from sales.sale_lines l
       join sales.sales s on s.tenant_id = l.tenant_id and s.sale_id = l.sale_id
      where s.shift_id = $1 and s.status = 'completed' group by l.category_id order by 2 desc`,
    [shiftId],
  );
  const [moves] = await tx.query<{ paid_in: string; paid_out: string }>(
    `select coalesce(sum(amount) filter (where kind = 'in'), 0) as paid_in, coalesce(sum(amount) filter (where kind = 'out'), 0) as paid_out
       from sales.cash_movements where shift_id = $1`,
    [shiftId],
  );
  const cash = tenders.find((t) => t.method === 'cash');
  const float = n(shift.opening_float);
  const cashSales = n(cash?.sales ?? 0);
  const cashRefunds = n(cash?.refunds ?? 0);
  const expected = float + cashSales - cashRefunds + n(moves!.paid_in) - n(moves!.paid_out);
  const counted = shift.counted_cash === null ? null : n(shift.counted_cash);
  return {
    shiftId,
    deviceId: shift.device_id,
    status: shift.status,
    openedAt: new Date(shift.opened_at).toISOString(),
    closedAt: shift.closed_at ? new Date(shift.closed_at).toISOString() : null,
    openedReceivedAt: new Date(shift.opened_received_at).toISOString(),
    closedReceivedAt: shift.closed_received_at ? new Date(shift.closed_received_at).toISOString() : null,
    salesPeriod:
      sales!.count === 0
        ? null
        : {
            firstAt: new Date(sales!.first_at!).toISOString(),
            lastAt: new Date(sales!.last_at!).toISOString(),
            firstReceivedAt: new Date(sales!.first_received_at!).toISOString(),
            lastReceivedAt: new Date(sales!.last_received_at!).toISOString(),
          },
    openingFloat: float,
    sales: { count: sales!.count, total: n(sales!.total), discounts: n(sales!.discounts), tax: n(sales!.tax) },
    refunds: { count: refunds!.count, total: n(refunds!.total), tax: n(refunds!.tax) },
    afterRefunds: { total: n(sales!.total) - n(refunds!.total), tax: n(sales!.tax) - n(refunds!.tax) },
    byTender: tenders.map((t) => ({ method: t.method, sales: n(t.sales), refunds: n(t.refunds), net: n(t.sales) - n(t.refunds) })),
    byTax: taxesNetOfRefunds(rateSums(soldByRate), rateSums(refundedByRate)),
    byCategory: categories.map((c) => ({ categoryId: c.category_id, total: n(c.total) })),
    cash: {
      float,
      sales: cashSales,
      refunds: cashRefunds,
      paidIn: n(moves!.paid_in),
      paidOut: n(moves!.paid_out),
      expected,
      counted,
      overShort: counted === null ? null : counted - expected,
    },
  };
}

/**
 * Closes a shift with the cash counted per denomination; the Z report is kept and published.
 * `closedAt` is the till's time of an offline close (the server's receipt time is kept beside it).
 */
export async function closeShift(
  tx: TenantTransaction,
  shiftId: string,
  counted: ReadonlyArray<{ denomination: number; count: number }>,
  closedBy: string,
  closedAt?: string,
): Promise<ShiftReport> {
  const shift = await shiftRow(tx, shiftId, true);
  if (shift.status !== 'open') throw conflict('sales.shift_closed', `Shift ${shiftId} is closed already.`);
  if (new Set(counted.map((c) => c.denomination)).size !== counted.length)
    throw badRequest('sales.duplicate_denomination', 'Give each denomination once, with how many there are.');
  const countedCash = counted.reduce((sum, c) => sum + c.denomination * c.count, 0);
  await tx.query(
    `update sales.shifts set status = 'closed', closed_at = coalesce($5::timestamptz, now()), closed_received_at = now(),
            closed_by = $2, counted = $3, counted_cash = $4
      where shift_id = $1`,
    [shiftId, closedBy, JSON.stringify(counted), countedCash, closedAt ?? null],
  );
  const report = await shiftReport(tx, shiftId);
  await tx.query('update sales.shifts set expected_cash = $2, over_short = $3, z_report = $4 where shift_id = $1', [
    shiftId,
    report.cash.expected,
    report.cash.overShort,
    JSON.stringify(report),
  ]);
  await tx.publish({ type: 'sales.shift.closed', payload: report });
  await tx.audit('sales.shift.closed', { shiftId, overShort: report.cash.overShort });
  return report;
}
