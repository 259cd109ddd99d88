import { useLayoutEffect, useRef } from 'preact/hooks';
import type { TillVariant as CatalogDoc } from '@kits/plugin-sdk/till';

/**
 * The products a typed name found: the first takes the focus, arrows move, Enter or a tap adds
 * one to the cart, Escape closes the list.
 */
export function ProductMatches({
  matches,
  priceOf,
  onPick,
  onClose,
}: {
  matches: readonly CatalogDoc[];
  priceOf: (variant: CatalogDoc) => string;
  onPick: (variant: CatalogDoc) => void;
  onClose: () => void;
}) {
  const list = useRef<HTMLUListElement>(null);
  useLayoutEffect(() => list.current?.querySelector('button')?.focus(), [matches]);
  const move = (event: KeyboardEvent) => {
    const buttons = Array.from(list.current?.querySelectorAll('button') ?? []);
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = event.key === 'ArrowDown' ? Math.min(at + 1, buttons.length - 1) : Math.max(at - 1, 0);
      buttons[next]?.focus();
    } else if (event.key === 'Escape') {
      event.stopPropagation();
      onClose();
    }
  };
  return (
    <ul ref={list} class="product-matches" aria-label="Products found" onKeyDown={move}>
      {matches.map((variant) => (
        <li key={variant.id}>
          <button type="button" onClick={() => onPick(variant)}>
            <span class="name">{variant.name}</span>
            <span class="sku">{variant.sku}</span>
            <span class="price">{priceOf(variant)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
