import { defineTillPlugin } from '@kits/plugin-sdk/till';
import { customerDisplayConnection } from '../shared/customer-display-settings.ts';
import { withDefaults, type EscPosSettings } from '../shared/settings.ts';
import { followSaleOnDisplay } from './customer-display.ts';
import { escPosReceiptPrinter } from './receipt-printer.ts';

/**
 * ESC/POS receipts on the till: one receipt printer, on the connection the settings name; and,
 * when `customerDisplay` names its serial port, the pole display following the sale screen.
 */
export default defineTillPlugin<Partial<EscPosSettings> & { customerDisplay?: unknown }>({
  activate(context) {
    const { settings, hardware, peripherals, receipts, saleScreen } = context;
    const escPos = withDefaults(settings);
    receipts.addPrinter(escPosReceiptPrinter(escPos, hardware, peripherals));
    const display = customerDisplayConnection(settings.customerDisplay);
    // The store's name as the till knows it now (it learns it online), unless the settings name the shop.
    if (display) followSaleOnDisplay(saleScreen, hardware, display, () => ({ shopName: escPos.shopName || (context.location.name ?? '') }));
  },
});
