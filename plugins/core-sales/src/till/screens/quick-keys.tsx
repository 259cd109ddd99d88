import { useEffect, useState } from 'preact/hooks';
import type { TillVariant as CatalogDoc } from '@kits/plugin-sdk/till';
import type { QuickKey } from '../checkout/parked-sale.ts';
import type { TillCheckout } from '../checkout/till-checkout.ts';

/** The store's quick keys as this till can sell them, kept current as the catalog arrives. */
export function useQuickKeys(checkout: TillCheckout): readonly QuickKey[] {
  const [keys, setKeys] = useState<readonly QuickKey[]>([]);
  useEffect(() => checkout.watchQuickKeys(setKeys), [checkout]);
  return keys;
}

/**
 * The quick-keys grid: items sold without a barcode (a coffee, a loaf), one tap each; Alt+1 …
 * Alt+9 press the first nine from the keyboard.
 */
export function QuickKeys({
  keys,
  fmt,
  onPress,
}: {
  keys: readonly QuickKey[];
  fmt: (amount: number) => string;
  onPress: (variant: CatalogDoc) => void;
}) {
  if (keys.length === 0) return null;
  return (
    <div class="quick-keys" role="group" aria-label="Quick keys" data-testid="quick-keys">
      {keys.map((key, i) => (
        <button
          type="button"
          key={key.variant.id}
          onClick={() => onPress(key.variant)}
          aria-keyshortcuts={i < 9 ? `Alt+${i + 1}` : undefined}
        >
          <span class="label">{key.label}</span>
          <span class="price">{fmt(key.price)}</span>
          {i < 9 && <kbd>Alt+{i + 1}</kbd>}
        </button>
      ))}
    </div>
  );
}
