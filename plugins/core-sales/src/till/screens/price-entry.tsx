import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { typedAmount } from '../checkout/typed-amounts.ts';

/**
 * Another price for one line (Alt+P): type it and Enter, Escape leaves the price as it was. A
 * cashier without the permission is asked for a manager's approval (the checkout does); a refusal
 * (not an amount) is the checkout's message. Still open once `onPrice` settles, the field takes the keys again.
 */
export function PriceEntry({
  itemName,
  currency,
  onPrice,
  onClose,
}: {
  itemName: string;
  currency: string;
  onPrice: (unitPrice: number | undefined) => Promise<unknown>;
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
        void onPrice(typedAmount(text, currency)).then(() => input.current?.focus());
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
