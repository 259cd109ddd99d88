import type { ComponentChildren } from 'preact';

export interface CheckboxProps {
  name: string;
  checked: boolean;
  onValue: (checked: boolean) => void;
  label: ComponentChildren;
  disabled?: boolean;
  id?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

/** A yes/no choice with its label beside it (clicking the label ticks it). */
export function Checkbox({ name, checked, onValue, label, disabled, ...aria }: CheckboxProps) {
  return (
    <label class="k-checkbox">
      <input
        {...aria}
        type="checkbox"
        name={name}
        checked={checked}
        disabled={disabled}
        onChange={(event) => onValue(event.currentTarget.checked)}
      />
      <span>{label}</span>
    </label>
  );
}
