// Part of the till context ('@kits/plugin-sdk/till'): bundled into one module for the till (till/vite.config.ts).
import type { SlotComponent } from './slots.ts';
import type { TillLoggedEvent } from './events.ts';

/** What a plugin's resolver of denied events is given, one denied event at a time. */
export interface TillResolverProps {
  readonly event: TillLoggedEvent;
  /** Tells the cashier what happened (`Receipt 12 voided: give back €4.50`); shown above the queue. */
  done(message: string): void;
  /** Tells the cashier what went wrong. */
  failed(message: string): void;
}

/**
 * A sync channel's part of the till's resolution queue: the events of `types` the server denied
 * (a sale of stock that was not there) are shown with the plugin's component, which resolves them
 * (`events.resolve(id)` after appending what makes it right). Denied events no plugin resolves are
 * listed with the server's reason and can be dismissed.
 */
export interface TillResolution {
  resolveDenied(types: readonly string[], component: SlotComponent<TillResolverProps>): void;
}
