import { defineTillPlugin } from '@kits/plugin-sdk/till';

interface Settings {
  greeting?: string;
}

/** The till side of __DISPLAY__: a screen in the till's menu. */
export default defineTillPlugin<Settings>({
  activate({ slots, settings }) {
    // A component may return text; write Preact components in .tsx with jsxImportSource "preact".
    slots.contribute('menu', () => settings.greeting ?? '__DISPLAY__', { title: '__DISPLAY__' });
  },
});
