import { fileURLToPath } from 'node:url';
import { screenshotsIn } from '@kits/office/testing';

/** `docs/screenshots/notifications-<name>-<w>x<h>.png` at a desk screen's and a phone's size, for a person to look at. */
export const shoot = screenshotsIn(fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url)), 'notifications-');
