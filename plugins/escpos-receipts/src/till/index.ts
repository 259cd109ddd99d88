import { defineTillPlugin } from '@kits/plugin-sdk/till';
import { withDefaults, type EscPosSettings } from '../shared/settings.ts';
import { escPosReceiptPrinter } from './receipt-printer.ts';

/** ESC/POS receipts on the till: one receipt printer, on the connection the settings name. */
export default defineTillPlugin<Partial<EscPosSettings>>({
  activate({ settings, hardware, receipts }) {
    receipts.addPrinter(escPosReceiptPrinter(withDefaults(settings), hardware));
  },
});
