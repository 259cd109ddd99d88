import type { TillApi } from '@kits/plugin-sdk/till';
import type { ReturnableSale } from './returns.ts';
import type { SalesTill } from '../sales-till.ts';

/** A receipt of another till at this store that the customer may hold: enough to tell it from the others. */
export interface StoreReceipt {
  readonly saleId: string;
  readonly receiptNumber: number;
  readonly deviceId: string;
  readonly occurredAt: string;
  readonly total: number;
}

/**
 * What this till keeps of another till's sale it took goods back against: what its lines came to
 * and what each tender paid, so its own shift report can count the refund offline.
 */
export interface RememberedSale {
  readonly lineTotals: readonly number[];
  readonly quantities: readonly number[];
  /** Each line's tax by rate, and how much of it had come back then (kept since the Z report counts refunded tax). */
  readonly lineTaxes?: ReadonlyArray<ReadonlyArray<{ readonly name: string; readonly basisPoints: number; readonly amount: number }>>;
  readonly refundedQuantities?: readonly number[];
  readonly tenders: ReadonlyArray<{ readonly method: string; readonly paid: number }>;
}

const remembered = (saleId: string) => `sale-${saleId.toLowerCase()}`;

interface ServerSale {
  id: string;
  status: string;
  receiptNumber: number | null;
  refunded: number;
  paid: number;
  lines: Array<{
    lineNo: number;
    variantId: string;
    name: string;
    quantity: number;
    total: number;
    taxes?: Array<{ name: string; basisPoints: number; amount: number }>;
    refundedQuantity: number;
  }>;
  tenders: Array<{
    method: string;
    amount: number;
    refunded?: number;
    paymentId: string | null;
    card: { brand: string; last4: string } | null;
  }>;
}

/** Completed sales of the store's other tills under a receipt number, newest first (needs the network). */
export async function storeReceipts(api: TillApi, receiptNumber: number, ownDeviceId: string): Promise<StoreReceipt[]> {
  const found = await api.get<{ items: Array<StoreReceipt & { id: string; status: string }> }>(
    `/api/v1/core-sales/sales?receiptNumber=${receiptNumber}`,
  );
  return found.items
    .filter((sale) => sale.status === 'completed' && sale.deviceId !== ownDeviceId)
    .map((sale) => ({
      saleId: sale.id,
      receiptNumber: sale.receiptNumber,
      deviceId: sale.deviceId,
      occurredAt: sale.occurredAt,
      total: sale.total,
    }));
}

/**
 * Another till's sale, as a return takes it: its lines with what was already returned (the server
 * knows every till's returns). Kept on this till for its shift report.
 */
export async function storeSale(till: Pick<SalesTill, 'device' | 'api'>, saleId: string): Promise<ReturnableSale> {
  const sale = await till.api.get<ServerSale>(`/api/v1/core-sales/sales/${saleId}`);
  const keep: RememberedSale = {
    lineTotals: sale.lines.map((line) => line.total),
    quantities: sale.lines.map((line) => line.quantity),
    lineTaxes: sale.lines.map((line) => line.taxes ?? []),
    refundedQuantities: sale.lines.map((line) => line.refundedQuantity),
    tenders: sale.tenders.map((tender) => ({ method: tender.method, paid: tender.amount })),
  };
  await till.device.set(remembered(saleId), keep);
  return {
    saleId: sale.id,
    receiptNumber: sale.receiptNumber ?? 0,
    tenders: sale.tenders.map((tender) => ({
      method: tender.method,
      paid: tender.amount,
      refunded: tender.refunded ?? 0,
      ...(tender.paymentId ? { paymentId: tender.paymentId } : {}),
      ...(tender.card ? { card: { brand: tender.card.brand, last4: tender.card.last4 } } : {}),
    })),
    lines: sale.lines.map((line) => ({
      lineNo: line.lineNo,
      variantId: line.variantId,
      name: line.name,
      sold: line.quantity,
      returned: line.refundedQuantity,
      total: line.total,
    })),
  };
}

/** Another till's sale this till took goods back against, as it was then. */
export async function rememberedSale(till: Pick<SalesTill, 'device'>, saleId: string): Promise<RememberedSale | undefined> {
  return till.device.get<RememberedSale>(remembered(saleId));
}
