import { defineTillPlugin } from '@kits/plugin-sdk/till';
import { StockLookupScreen } from './stock-lookup-screen.tsx';

/** Inventory on the till: the stock lookup screen (this location live, every location from the server). */
export default defineTillPlugin({
  activate({ slots, catalog, api, session }) {
    slots.contribute('menu', () => <StockLookupScreen catalog={catalog} api={api} session={session} />, {
      title: 'Stock',
      order: 10,
      shortcut: 'F6',
    });
  },
});
