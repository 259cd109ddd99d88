import type { TillPeripheralIdentity, TillPeripheralKind, TillPeripherals } from '@kits/plugin-sdk/till';
import { BehaviorSubject } from 'rxjs';

/** The kinds of device a till drives besides itself (the kernel's device kinds but `till`). */
export type PeripheralKind = TillPeripheralKind;

/** A printer or reader as the till last knew it: the outcome of the last thing it asked of it, and what it said of itself. */
export interface PeripheralState {
  readonly kind: PeripheralKind;
  readonly name: string;
  readonly state: 'ok' | 'error';
  readonly message: string | null;
  /** When the till last used it (ISO). */
  readonly at: string;
  /** Where the till reaches it ('host:port', a serial path, a reader's provider id): the kernel registers it by this (D-224). */
  readonly address?: string;
  /** The model and firmware it reported when a plugin asked it (`TillPeripherals.identified`). */
  readonly model?: string;
  readonly version?: string;
}

/** The most devices a heartbeat carries (the kernel takes 20). */
const MOST = 20;

/** How the till names a device it reaches at `address` (a network `host:port` or a serial path). */
export const deviceAt = (address: string): string => `Printer at ${address}`;

type Outcome = { ok: true } | { ok: false; message: string };

/**
 * The till's own registry of its devices: the receipt printer path and the card tender report
 * each outcome here (through the wrapped hardware and payments calls), plugins add a device's model
 * and firmware (`identified`); the heartbeat sends the list.
 */
export class PeripheralStatus implements TillPeripherals {
  readonly #byDevice = new Map<string, PeripheralState>();
  readonly changes$ = new BehaviorSubject<readonly PeripheralState[]>([]);

  /** The outcome of a job on a device, named as the cashier sees it; `address` when the till knows where it is. */
  report(kind: PeripheralKind, name: string, outcome: Outcome, now = new Date(), address?: string): void {
    const key = address ? `${kind}@${address}` : `${kind}/${name}`;
    const known = this.#byDevice.get(key);
    this.#keep(key, {
      kind,
      name: name.slice(0, 200),
      state: outcome.ok ? 'ok' : 'error',
      message: outcome.ok ? null : outcome.message.slice(0, 500),
      at: now.toISOString(),
      ...(address ? { address: address.slice(0, 300) } : {}),
      ...(known?.model ? { model: known.model } : {}),
      ...(known?.version ? { version: known.version } : {}),
    });
  }

  /** What a device said of itself: kept with its last outcome (a device not used yet counts as reached: it answered). */
  identified(identity: TillPeripheralIdentity, now = new Date()): void {
    const address = identity.address.trim().slice(0, 300);
    if (!address) return;
    const key = `${identity.kind}@${address}`;
    const known = this.#byDevice.get(key);
    const model = identity.model?.trim().slice(0, 200) || known?.model;
    const version = identity.version?.trim().slice(0, 100) || known?.version;
    this.#keep(key, {
      ...(known ?? { kind: identity.kind, name: deviceAt(address), state: 'ok', message: null, at: now.toISOString(), address }),
      ...(model ? { model } : {}),
      ...(version ? { version } : {}),
    });
  }

  /** The kind of the device at `address` as the till last used it, if it did. */
  kindAt(address: string): PeripheralKind | undefined {
    for (const state of this.#byDevice.values()) if (state.address === address) return state.kind;
    return undefined;
  }

  list(): PeripheralState[] {
    return [...this.#byDevice.values()];
  }

  #keep(key: string, state: PeripheralState): void {
    this.#byDevice.delete(key);
    this.#byDevice.set(key, state);
    // The most recently used are kept when there are more than a heartbeat carries.
    while (this.#byDevice.size > MOST) this.#byDevice.delete(this.#byDevice.keys().next().value!);
    this.changes$.next(this.list());
  }
}
