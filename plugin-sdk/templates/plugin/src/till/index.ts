import { defineTillPlugin } from '@kits/plugin-sdk';

/** The till side of __DISPLAY__: an entry in the till's menu. */
export default defineTillPlugin({
  activate({ slots, plugin }) {
    slots.contribute('menu', () => ({ label: '__DISPLAY__', plugin: plugin.id }));
  },
});
