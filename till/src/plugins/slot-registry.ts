import type { SlotComponent, SlotOptions, TillSlot } from '@kits/plugin-sdk/till';

/** One plugin's component in one slot. */
export interface SlotContribution {
  /** Unique within the till: `<plugin id>:<slot>:<n>`. */
  readonly key: string;
  readonly pluginId: string;
  readonly pluginName: string;
  readonly slot: TillSlot;
  readonly component: SlotComponent<never>;
  readonly title: string | undefined;
  readonly order: number;
  readonly shortcut: string | undefined;
}

const SLOTS: ReadonlySet<string> = new Set<TillSlot>([
  'sale',
  'checkout.tender',
  'checkout.cartLine',
  'checkout.actions',
  'receipt.footer',
  'menu',
  'settings',
]);

/** A contribution a slot cannot take: the plugin's mistake, reported when it activates. */
export class SlotContributionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlotContributionError';
  }
}

/** What the till's plugins put into its slots, in order. */
export class SlotRegistry {
  readonly #contributions: SlotContribution[] = [];

  contribute(plugin: { id: string; name: string }, slot: TillSlot, component: SlotComponent<never>, options: SlotOptions = {}): void {
    if (!SLOTS.has(slot)) {
      throw new SlotContributionError(
        `${plugin.id} contributes to "${slot}", which the till does not have (slots: ${[...SLOTS].join(', ')}).`,
      );
    }
    if (typeof component !== 'function')
      throw new SlotContributionError(`${plugin.id} contributes to "${slot}" something that is not a component.`);
    if (slot === 'menu' && !options.title?.trim()) {
      throw new SlotContributionError(`${plugin.id} contributes a menu screen without a title: pass { title } so the menu can show it.`);
    }
    const count = this.#contributions.filter((c) => c.pluginId === plugin.id && c.slot === slot).length;
    this.#contributions.push({
      key: `${plugin.id}:${slot}:${count}`,
      pluginId: plugin.id,
      pluginName: plugin.name,
      slot,
      component,
      title: options.title?.trim(),
      order: options.order ?? 100,
      shortcut: options.shortcut,
    });
  }

  /** The contributions to a slot, by order then plugin id. */
  of(slot: TillSlot): SlotContribution[] {
    return this.#contributions
      .filter((c) => c.slot === slot)
      .sort((a, b) => a.order - b.order || a.pluginId.localeCompare(b.pluginId) || a.key.localeCompare(b.key));
  }

  /** The sale screen: of the plugins that offer one, the contribution with the lowest order (then plugin id). */
  saleScreen(): SlotContribution | undefined {
    return this.of('sale')[0];
  }

  /** Drops everything one plugin contributed (its activation failed half way). */
  withdraw(pluginId: string): void {
    for (let i = this.#contributions.length - 1; i >= 0; i--)
      if (this.#contributions[i]!.pluginId === pluginId) this.#contributions.splice(i, 1);
  }
}
