import { render } from 'preact';
import '@kits/ui-kit/styles.css';
import './office.css';
import { OfficeApp } from './office-app.tsx';

render(<OfficeApp />, document.getElementById('root')!);
