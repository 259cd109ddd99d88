import { defineTillPlugin } from '@kits/plugin-sdk/till';
import { ReceiveScreen } from './receive-screen.tsx';

/** Purchasing on the till: the Receive screen (F1) — scan an order's barcode, scan what came, post the receipt. */
export default defineTillPlugin<{ overReceiptPercent?: number }>({
  activate({ slots, catalog, api, session, settings }) {
    slots.contribute(
      'menu',
      () => <ReceiveScreen catalog={catalog} api={api} session={session} overReceiptPercent={settings.overReceiptPercent ?? 0} />,
      { title: 'Receive', order: 20, shortcut: 'F1' },
    );
  },
});
