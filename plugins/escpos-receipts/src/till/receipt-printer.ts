import type { ReceiptPrinter, TillHardware, TillPeripherals, TillReceipt } from '@kits/plugin-sdk/till';
import { drawerJob, receiptJob } from '../shared/receipt-layout.ts';
import type { EscPosSettings } from '../shared/settings.ts';
import { printerIdentification } from './printer-identification.ts';

/** What the cashier chooses in the till's settings. */
export const PRINTER_NAME = 'Receipt printer';

/**
 * The ESC/POS receipt printer the till offers: each receipt encoded as one print job and sent
 * through the till's hardware to the connection the settings name. A network printer is asked its
 * model and firmware after its first job (for the devices service), without holding up the receipt.
 */
export function escPosReceiptPrinter(settings: EscPosSettings, hardware: TillHardware, peripherals: TillPeripherals): ReceiptPrinter {
  const identification = printerIdentification(hardware, peripherals);
  const send = async (job: Uint8Array): Promise<void> => {
    const connection = settings.connection;
    if (!connection) {
      throw new Error(
        'ESC/POS receipts does not know where the printer is: an admin sets its connection (network address or serial port) in the plugin’s settings.',
      );
    }
    if (connection.type === 'tcp') {
      await hardware.tcpPrint(connection.host, connection.port, job);
      void identification.afterPrint(connection.host, connection.port);
    } else await hardware.serialWrite(connection.path, connection.baudRate, job);
  };
  // The drawer opens for the customer's first receipt of a cash sale, never for a copy.
  const opensDrawer = (receipt: TillReceipt): boolean =>
    settings.openDrawerOnCash && receipt.kind === 'sale' && !receipt.reprint && receipt.tenders.some((tender) => tender.method === 'cash');
  return {
    name: PRINTER_NAME,
    print: (receipt) =>
      send(
        receiptJob(receipt, {
          paperWidth: settings.paperWidth,
          shopName: settings.shopName,
          addressLines: settings.addressLines,
          footer: settings.footer,
          openDrawer: opensDrawer(receipt),
        }),
      ),
    openCashDrawer: () => send(drawerJob()),
  };
}
