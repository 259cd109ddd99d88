import type { Ref } from 'preact';

/** The discount typed on the cart's side (F7): on the chosen line, else on the whole sale. Esc closes it. */
export function DiscountEntry(props: {
  readonly on: string;
  readonly value: string;
  readonly inputRef: Ref<HTMLInputElement>;
  onValue(value: string): void;
  onApply(event: Event): void;
  onClose(): void;
}) {
  return (
    <form class="discount-entry" onSubmit={props.onApply}>
      <label>
        Discount on {props.on}
        <input
          ref={props.inputRef}
          name="discount"
          autoFocus
          placeholder="10% or 2.50 — 0 removes it"
          value={props.value}
          onInput={(e) => props.onValue(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              props.onClose();
            }
          }}
        />
      </label>
    </form>
  );
}
