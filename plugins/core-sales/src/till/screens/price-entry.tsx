import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { typedAmount } from '../checkout/typed-amounts.ts';

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
        onPrice(typedAmount(text, currency));
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
