import type { ReceiptPrinter } from '@kits/plugin-sdk/till';

/** A receipt printer a plugin offered, as the settings screen lists it. */
export interface OfferedPrinter {
  /** Stable across restarts (what the device remembers): `<plugin id>/<printer name>`. */
  readonly key: string;
  readonly pluginId: string;
  readonly pluginName: string;
  readonly name: string;
  readonly printer: ReceiptPrinter;
}

/** A printer a plugin cannot offer: the plugin's mistake, reported when it activates. */
export class ReceiptPrinterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReceiptPrinterError';
  }
}

/** The receipt printers the till's plugins offer (`context.receipts.addPrinter`). */
export class ReceiptPrinterRegistry {
  readonly #printers: OfferedPrinter[] = [];

  add(plugin: { id: string; name: string }, printer: ReceiptPrinter): void {
    const name = typeof printer?.name === 'string' ? printer.name.trim() : '';
    if (!name) throw new ReceiptPrinterError(`${plugin.id} offers a receipt printer without a name: the cashier chooses printers by name.`);
    if (typeof printer.print !== 'function')
      throw new ReceiptPrinterError(`${plugin.id}'s printer "${name}" has no print(receipt) function.`);
    if (printer.openCashDrawer !== undefined && typeof printer.openCashDrawer !== 'function') {
      throw new ReceiptPrinterError(`${plugin.id}'s printer "${name}": openCashDrawer must be a function when given.`);
    }
    const key = `${plugin.id}/${name}`;
    if (this.#printers.some((offered) => offered.key === key)) {
      throw new ReceiptPrinterError(`${plugin.id} offers two receipt printers named "${name}": give each its own name.`);
    }
    this.#printers.push({ key, pluginId: plugin.id, pluginName: plugin.name, name, printer });
  }

  /** Every printer offered, in the order plugins offered them. */
  list(): readonly OfferedPrinter[] {
    return [...this.#printers];
  }

  find(key: string | undefined): OfferedPrinter | undefined {
    return key === undefined ? undefined : this.#printers.find((offered) => offered.key === key);
  }

  /** Drops what one plugin offered (its activation failed half way). */
  withdraw(pluginId: string): void {
    for (let i = this.#printers.length - 1; i >= 0; i--) if (this.#printers[i]!.pluginId === pluginId) this.#printers.splice(i, 1);
  }
}
