import { notFound, type TenantTransaction } from '@kits/plugin-sdk';
import type { LabelStockId, PrintResolution } from '../../shared/label-stock.ts';

/** What the plugin knows of a label printer beyond the kernel's device: its resolution and the stock loaded. */
export interface PrinterFacts {
  readonly deviceId: string;
  readonly dpi: PrintResolution;
  readonly stock: LabelStockId;
  readonly updatedAt: string;
}

interface FactsRow {
  device_id: string;
  dpi: number;
  stock: LabelStockId;
  updated_at: Date | string;
}

const fromRow = (row: FactsRow): PrinterFacts => ({
  deviceId: row.device_id,
  dpi: row.dpi as PrintResolution,
  stock: row.stock,
  updatedAt: new Date(row.updated_at).toISOString(),
});

export async function listPrinterFacts(tx: TenantTransaction): Promise<PrinterFacts[]> {
  return (await tx.query<FactsRow>('select device_id, dpi, stock, updated_at from zebra.printers order by device_id')).map(fromRow);
}

/** Records a printer's resolution and loaded stock; the device must be one of the tenant's (the kernel's devices service). */
export async function setPrinterFacts(
  tx: TenantTransaction,
  deviceId: string,
  facts: { dpi: PrintResolution; stock: LabelStockId },
): Promise<PrinterFacts> {
  const [device] = await tx.directory.devices([deviceId]);
  if (!device)
    throw notFound(
      'zebra.unknown_printer',
      `There is no device ${deviceId}: register the printer under Devices (kind label-printer) first.`,
    );
  const [row] = await tx.query<FactsRow>(
    `insert into zebra.printers (tenant_id, device_id, dpi, stock) values ($1, $2, $3, $4)
     on conflict (tenant_id, device_id) do update set dpi = excluded.dpi, stock = excluded.stock, updated_at = now()
     returning device_id, dpi, stock, updated_at`,
    [tx.tenantId, deviceId, facts.dpi, facts.stock],
  );
  await tx.audit('zebra.printer.set', { deviceId, ...facts });
  return fromRow(row!);
}
