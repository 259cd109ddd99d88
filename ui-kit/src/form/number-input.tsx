import type { PartialInputHTMLAttributes } from 'preact';
import { useEffect, useState } from 'preact/hooks';

type NativeInput = Omit<
  PartialInputHTMLAttributes<HTMLInputElement>,
  'value' | 'onInput' | 'type' | 'name' | 'role' | 'min' | 'max' | 'step'
>;

export type NumberInputProps = NativeInput & {
  name: string;
  value: number | undefined;
  /** The whole number typed, or undefined while the box is empty or holds no whole number. */
  onValue: (value: number | undefined) => void;
  min?: number;
  max?: number;
  step?: number;
  invalid?: boolean;
};

/** The whole number in `text`, or undefined ("", "1.5", "abc"). */
export function parseWholeNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[-+]?\d+$/.test(trimmed)) return undefined;
  const number = Number(trimmed);
  return Number.isSafeInteger(number) ? number : undefined;
}

/**
 * A box for a whole number (a quantity, a count). It keeps the text the person typed, so a
 * half-typed "-" is not wiped, and reports the number (or undefined) as they type.
 */
export function NumberInput({ name, value, onValue, min, max, step, invalid, class: className, ...rest }: NumberInputProps) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  // A value set from outside (a reset, a loaded record) replaces the text; the person's own typing does not loop back.
  useEffect(() => {
    if (parseWholeNumber(text) !== value) setText(value === undefined ? '' : String(value));
  }, [value]);
  return (
    <input
      aria-invalid={invalid ? true : undefined}
      {...rest}
      class={`k-input k-input--number${typeof className === 'string' ? ` ${className}` : ''}`}
      name={name}
      type="number"
      inputMode="numeric"
      min={min}
      max={max}
      step={step ?? 1}
      value={text}
      onInput={(event) => {
        const typed = event.currentTarget.value;
        setText(typed);
        onValue(parseWholeNumber(typed));
      }}
    />
  );
}
