import type { SalesService, ServiceScope } from '@kits/plugin-sdk';
import { recordChannelRefund } from './channels/record-channel-refund.ts';
import { recordChannelSale, type ChannelScope } from './channels/record-channel-sale.ts';
import { saleIdBySource, saleSummary } from './channels/sale-summary.ts';
import { voidChannelSale } from './channels/void-channel-sale.ts';
import { salesSettings, type SalesSettings } from './settings.ts';

/** sales@1 in the caller's transaction: sales as others read them, and the sales other channels take. */
export function createSalesService({ tx, services, settings }: ServiceScope<SalesSettings>): SalesService {
  const scope: ChannelScope = { tx, services, settings: salesSettings(settings) };
  return {
    sale: (saleId) => saleSummary(tx, saleId),
    async saleBySource(source) {
      const saleId = await saleIdBySource(tx, source);
      return saleId === undefined ? undefined : saleSummary(tx, saleId);
    },
    recordExternalSale: (sale) => recordChannelSale(scope, sale),
    recordExternalRefund: (refund) => recordChannelRefund(scope, refund),
    voidExternalSale: (saleId, reason) => voidChannelSale(scope, saleId, reason),
    async openShifts(locationId) {
      const rows = await tx.query<{ shift_id: string; device_id: string; opened_at: Date }>(
        "select shift_id, device_id, opened_at from sales.shifts where location_id = $1 and status = 'open' order by opened_at, shift_id",
        [locationId],
      );
      return rows.map((row) => ({ shiftId: row.shift_id, deviceId: row.device_id, openedAt: new Date(row.opened_at).toISOString() }));
    },
  };
}
