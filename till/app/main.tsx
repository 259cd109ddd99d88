import { render } from 'preact';
import { App } from './app.tsx';
import { keepForOffline } from './offline-shell.ts';
import './styles.css';

render(<App />, document.getElementById('root')!);

void keepForOffline();
