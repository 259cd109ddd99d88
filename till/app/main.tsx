import { render } from 'preact';
import '@kits/ui-kit/styles.css';
import '@kits/ui-kit/till.css';
import { App } from './app.tsx';
import { keepForOffline } from './offline-shell.ts';

// The till's screens (till.css) use the till's larger body text, given by `data-app`.
document.documentElement.dataset.app = 'till';
// The till's screens are drawn for the light theme; until each is checked in the dark one, the till stays light.
document.documentElement.dataset.theme ??= 'light';

render(<App />, document.getElementById('root')!);

void keepForOffline();
