import type { TillHardware, TillSaleScreen, TillSaleScreenView } from '@kits/plugin-sdk/till';
import {
  displayJob,
  saleScreenOnDisplay,
  thankYouScreen,
  welcomeScreen,
  type DisplayScreen,
  type DisplayWords,
} from '../shared/customer-display.ts';
import type { CustomerDisplayConnection } from '../shared/customer-display-settings.ts';

/** How long the change stays on the display before the thank-you. */
export const CHANGE_SHOWN_MS = 5_000;

export interface CustomerDisplayOptions {
  /** How long the change stays before the thank-you (default 5 s). */
  readonly changeShownMs?: number;
  /** Where a failed write is reported (default: the console); the sale goes on either way. */
  readonly report?: (error: unknown) => void;
}

/**
 * Drives the pole display from the sale screen: each view becomes a screen, written over the serial
 * line one after another (never two writes at once, never the same screen twice in a row). After a
 * cash sale the change stays for `changeShownMs`, then the thank-you; the thank-you stays until the
 * next item is scanned (the empty cart of the next sale does not wipe it). Returns a stop function.
 */
export function followSaleOnDisplay(
  saleScreen: TillSaleScreen,
  hardware: TillHardware,
  display: CustomerDisplayConnection,
  words: () => DisplayWords,
  options: CustomerDisplayOptions = {},
): () => void {
  const changeShownMs = options.changeShownMs ?? CHANGE_SHOWN_MS;
  const report =
    options.report ??
    ((error: unknown) => console.error(`ESC/POS receipts: the customer display on ${display.path} was not updated:`, error));
  let shown: string | undefined;
  let writing: Promise<unknown> = Promise.resolve();
  let afterSale = false;
  let thankYouTimer: ReturnType<typeof setTimeout> | undefined;

  const put = (screen: DisplayScreen): void => {
    const key = `${screen.upper}\n${screen.lower}`;
    if (key === shown) return;
    shown = key;
    writing = writing.then(() => hardware.serialWrite(display.path, display.baudRate, displayJob(screen)).catch(report));
  };
  const stopTimer = (): void => {
    clearTimeout(thankYouTimer);
    thankYouTimer = undefined;
  };

  const follow = (view: TillSaleScreenView): void => {
    if (view.step === 'cart' && view.lines.length === 0) {
      // The next sale's empty cart keeps the change or the thank-you on the display until something is scanned.
      if (!afterSale) put(welcomeScreen(words()));
      return;
    }
    stopTimer();
    afterSale = view.step === 'completed';
    put(saleScreenOnDisplay(view, words()));
    if (view.step === 'completed' && view.cash) thankYouTimer = setTimeout(() => put(thankYouScreen(words())), changeShownMs);
  };

  const unfollow = saleScreen.follow(follow);
  return () => {
    unfollow();
    stopTimer();
  };
}
