// Part of the till context ('@kits/plugin-sdk/till'): bundled into one module for the till (till/vite.config.ts).

/**
 * Sent by a till in place of an event it can never push (bigger than the kernel's body limit on
 * its own), so the device's sequence goes on: the kernel answers it `denied` (`sync.event_withheld`)
 * and applies nothing. Its payload names the event's real type and size.
 */
export const WITHHELD_TILL_EVENT = 'sync.event.withheld';

/** The payload of a `sync.event.withheld` event. */
export interface WithheldTillEvent {
  /** The type of the event that was withheld (`sales.sale.completed`). */
  readonly type: string;
  /** Its size in a push body, in bytes. */
  readonly bytes: number;
  /** The body limit the kernel gave when it refused it, when it gave one. */
  readonly limitBytes?: number;
}
