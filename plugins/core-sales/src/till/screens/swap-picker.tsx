import type { TillVariant } from '@kits/plugin-sdk/till';
import { useEffect, useRef, useState } from 'preact/hooks';
import { variantPrice } from '../checkout/logged-sale-pricing.ts';
import type { TillCatalog } from '@kits/plugin-sdk/till';
import { formatMoney } from '@kits/plugin-sdk/money';

export interface SwapPickerProps {
  readonly catalog: TillCatalog;
  /** The short item's name: "Instead of …". */
  readonly instead: string;
  readonly missing: number;
  readonly currency: string;
  readonly locationId: string;
  readonly onPick: (variant: TillVariant) => void;
  readonly onCancel: () => void;
}

/**
 * Finds the item a customer takes instead of the part of a short line that was not there: type a
 * name, then Tab to a match and Enter (or tap it). Escape closes it.
 */
export function SwapPicker({ catalog, instead, missing, currency, locationId, onPick, onCancel }: SwapPickerProps) {
  const [text, setText] = useState('');
  const [matches, setMatches] = useState<TillVariant[]>([]);
  const input = useRef<HTMLInputElement>(null);
  // Opened by a click or a key: the cashier types at once.
  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    let current = true;
    const query = text.trim();
    if (query.length < 2) {
      setMatches([]);
      return;
    }
    void catalog.search(query, 6).then((found) => current && setMatches(found));
    return () => {
      current = false;
    };
  }, [catalog, text]);

  return (
    <div class="swap-picker" onKeyDown={(event) => event.key === 'Escape' && onCancel()}>
      <label>
        {missing} × what instead of {instead}?
        <input
          type="search"
          value={text}
          ref={input}
          placeholder="Type a product name"
          onInput={(event) => setText((event.target as HTMLInputElement).value)}
        />
      </label>
      {matches.length > 0 && (
        <ul class="swap-matches" aria-label="Products to swap in">
          {matches.map((variant) => {
            const price = variantPrice(variant, currency, locationId);
            return (
              <li key={variant.id}>
                <button type="button" onClick={() => onPick(variant)}>
                  <span>{variant.name}</span>
                  <span class="sku">{variant.sku}</span>
                  <span class="price">{price === undefined ? 'no price' : formatMoney(price, currency)}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <button type="button" class="link" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
