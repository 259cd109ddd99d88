import type { TillSaleScreen, TillSaleScreenView } from '@kits/plugin-sdk/till';

/**
 * The sale screen's channel every plugin's context shares: the plugin drawing the sale screen
 * shows, the others follow. A follower that throws is reported and the others are still told: a
 * customer display failing must not stop a sale.
 */
export class SaleScreenChannel implements TillSaleScreen {
  #view: TillSaleScreenView | undefined;
  readonly #followers = new Set<(view: TillSaleScreenView) => void>();

  show(view: TillSaleScreenView): void {
    this.#view = view;
    for (const follower of [...this.#followers]) this.#tell(follower, view);
  }

  follow(listener: (view: TillSaleScreenView) => void): () => void {
    this.#followers.add(listener);
    if (this.#view) this.#tell(listener, this.#view);
    return () => void this.#followers.delete(listener);
  }

  #tell(follower: (view: TillSaleScreenView) => void, view: TillSaleScreenView): void {
    try {
      follower(view);
    } catch (error) {
      console.error('A plugin following the sale screen failed:', error);
    }
  }
}
