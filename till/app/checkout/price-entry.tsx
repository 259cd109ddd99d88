import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { currencyDigits } from '../money.ts';

/** "4.50" or "4,5" in the till's currency → minor units; undefined when it is not an amount. */
export function parsePrice(text: string, currency: string): number | undefined {
  const normal = text.trim().replace(',', '.');
  const digits = currencyDigits(currency);
  if (!new RegExp(`^\\d{1,9}(\\.\\d{0,${digits}})?$`).test(normal)) return undefined;
  return Math.round(Number(normal) * 10 ** digits);
}

/**
 * Another price for one line (Alt+P; a manager's permission): type it and Enter, Escape leaves the
 * price as it was. A refusal (no permission, not an amount) is the checkout's message.
 */
export function PriceEntry({
  itemName,
  currency,
  onPrice,
  onClose,
}: {
  itemName: string;
  currency: string;
  onPrice: (unitPrice: number | undefined) => void;
  onClose: () => void;
}) {
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => input.current?.focus(), []);
  return (
    <form
      class="discount-entry"
      onSubmit={(event) => {
        event.preventDefault();
        onPrice(parsePrice(text, currency));
      }}
    >
      <label>
        Price of one {itemName}
        <input
          ref={input}
          name="price"
          inputMode="decimal"
          placeholder="4.50"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              onClose();
            }
          }}
        />
      </label>
    </form>
  );
}
