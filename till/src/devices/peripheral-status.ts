import { BehaviorSubject } from 'rxjs';

/** The kinds of device a till drives besides itself (the kernel's device kinds but `till`). */
export type PeripheralKind = 'receipt-printer' | 'label-printer' | 'card-reader' | 'scanner' | 'customer-display';

/** A printer or reader as the till last knew it: the outcome of the last thing it asked of it. */
export interface PeripheralState {
  readonly kind: PeripheralKind;
  readonly name: string;
  readonly state: 'ok' | 'error';
  readonly message: string | null;
  /** When the till last used it (ISO). */
  readonly at: string;
}

/** The most devices a heartbeat carries (the kernel takes 20). */
const MOST = 20;

/**
 * The till's own registry of its devices: the receipt printer path and the card tender report
 * each outcome here (through the wrapped hardware and payments calls); the heartbeat sends the list.
 */
export class PeripheralStatus {
  readonly #byDevice = new Map<string, PeripheralState>();
  readonly changes$ = new BehaviorSubject<readonly PeripheralState[]>([]);

  report(kind: PeripheralKind, name: string, outcome: { ok: true } | { ok: false; message: string }, now = new Date()): void {
    const key = `${kind}/${name}`;
    this.#byDevice.delete(key);
    this.#byDevice.set(key, {
      kind,
      name: name.slice(0, 200),
      state: outcome.ok ? 'ok' : 'error',
      message: outcome.ok ? null : outcome.message.slice(0, 500),
      at: now.toISOString(),
    });
    // The most recently used are kept when there are more than a heartbeat carries.
    while (this.#byDevice.size > MOST) this.#byDevice.delete(this.#byDevice.keys().next().value!);
    this.changes$.next(this.list());
  }

  list(): PeripheralState[] {
    return [...this.#byDevice.values()];
  }
}
