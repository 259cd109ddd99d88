import type { TenantTransaction } from '@kits/plugin-sdk';
import { CHANNEL_TAX, effectiveRate } from '../channels/channel-sale-figures.ts';
import type { SaleOutput } from './sale-input.ts';

const chargeTaxes = (tax: number, amount: number) =>
  tax > 0 ? [{ name: CHANNEL_TAX, basisPoints: effectiveRate(tax, amount), amount: tax }] : [];

const iso = (value: Date | string) => new Date(value).toISOString();

/** A sale with its lines and tenders as the API shows it; undefined when there is none. */
export async function readSale(tx: TenantTransaction, saleId: string): Promise<SaleOutput | undefined> {
  const [sale] = await tx.query<{
    sale_id: string;
    status: string;
    receipt_number: string | null;
    device_id: string | null;
    location_id: string;
    shift_id: string | null;
    cashier_id: string | null;
    customer_id: string | null;
    currency: string;
    subtotal: string;
    discount_total: string;
    tax_total: string;
    total: string;
    rounding: string;
    paid: string;
    change_given: string;
    refunded: string;
    taxes: SaleOutput['taxes'];
    promotions: SaleOutput['promotions'];
    client_total: string | null;
    cart_discount: SaleOutput['cartDiscount'];
    occurred_at: Date;
    received_at: Date;
    channel: string;
    source_id: string | null;
    source_name: string | null;
    tax_included: boolean | null;
  }>(
    `select sale_id, status, receipt_number, device_id, location_id, shift_id, cashier_id, customer_id, currency, subtotal, discount_total, tax_total, total, rounding,
            paid, change_given, refunded, taxes, promotions, client_total, cart_discount, occurred_at, received_at,
            channel, source_id, source_name, tax_included
       from sales.sales where sale_id = $1`,
    [saleId],
  );
  if (!sale) return undefined;
  const lines = await tx.query<{
    line_no: number;
    variant_id: string;
    sku: string;
    name: string;
    title: string | null;
    quantity: string;
    unit_price: string;
    promotion_discount: string;
    line_discount: string;
    cart_discount: string;
    tax: string;
    taxes: Array<{ name: string; basisPoints: number; amount: number }>;
    total: string;
    refunded_quantity: string;
  }>(
    `select line_no, variant_id, sku, name, title, quantity, unit_price, promotion_discount, line_discount, cart_discount, tax, taxes, total, refunded_quantity
       from sales.sale_lines where sale_id = $1 order by line_no`,
    [saleId],
  );
  const tenders = await tx.query<{
    method: string;
    tendered: string;
    amount: string;
    reference: string | null;
    payment_id: string | null;
    payment_state: string | null;
    card: SaleOutput['tenders'][number]['card'];
    capture_problem: string | null;
    refund_problem: string | null;
    refunded: string;
  }>(
    `select t.method, t.tendered, t.amount, t.refunded, t.reference, p.payment_id, p.state as payment_state, p.card, p.capture_problem,
            (select r.problem from sales.payment_refunds r where r.payment_id = p.payment_id and r.state = 'problem'
              order by r.updated_at desc limit 1) as refund_problem
       from sales.tenders t
       left join sales.payments p on p.tenant_id = t.tenant_id and p.payment_id = t.reference and p.sale_id = t.sale_id
      where t.sale_id = $1 order by t.tender_no`,
    [saleId],
  );
  // A till's sale has none; read only for a channel's.
  const charges =
    sale.source_id === null
      ? []
      : await tx.query<{ kind: string; title: string; amount: string; tax: string }>(
          'select kind, title, amount, tax from sales.sale_charges where sale_id = $1 order by charge_no',
          [saleId],
        );
  const n = Number;
  return {
    id: sale.sale_id,
    status: sale.status,
    receiptNumber: sale.receipt_number === null ? null : n(sale.receipt_number),
    deviceId: sale.device_id,
    locationId: sale.location_id,
    shiftId: sale.shift_id,
    cashierId: sale.cashier_id,
    channel: sale.channel,
    source: sale.source_id === null ? null : { channel: sale.channel, id: sale.source_id, name: sale.source_name },
    taxIncluded: sale.tax_included,
    charges: charges.map((c) => ({
      kind: c.kind,
      title: c.title,
      amount: n(c.amount),
      tax: n(c.tax),
      taxes: chargeTaxes(n(c.tax), n(c.amount)),
      total: n(c.amount) + n(c.tax),
    })),
    customerId: sale.customer_id,
    currency: sale.currency.trim(),
    subtotal: n(sale.subtotal),
    discountTotal: n(sale.discount_total),
    taxTotal: n(sale.tax_total),
    total: n(sale.total),
    rounding: n(sale.rounding),
    paid: n(sale.paid),
    change: n(sale.change_given),
    refunded: n(sale.refunded),
    taxes: sale.taxes,
    promotions: sale.promotions,
    cartDiscount: sale.cart_discount,
    lines: lines.map((l) => ({
      lineNo: l.line_no,
      variantId: l.variant_id,
      sku: l.sku,
      name: l.name,
      title: l.title,
      quantity: n(l.quantity),
      unitPrice: n(l.unit_price),
      discount: n(l.promotion_discount) + n(l.line_discount) + n(l.cart_discount),
      lineDiscount: n(l.line_discount),
      tax: n(l.tax),
      taxes: l.taxes,
      total: n(l.total),
      refundedQuantity: n(l.refunded_quantity),
    })),
    tenders: tenders.map((t) => ({
      method: t.method,
      tendered: n(t.tendered),
      amount: n(t.amount),
      refunded: n(t.refunded),
      reference: t.reference,
      paymentId: t.payment_id,
      paymentState: t.payment_state,
      card: t.card ?? null,
      captureProblem: t.capture_problem,
      refundProblem: t.refund_problem,
    })),
    clientTotal: sale.client_total === null ? null : n(sale.client_total),
    occurredAt: iso(sale.occurred_at),
    receivedAt: iso(sale.received_at),
  };
}
