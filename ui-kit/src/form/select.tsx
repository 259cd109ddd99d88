import type { SelectHTMLAttributes } from 'preact';

export interface SelectOption {
  readonly value: string;
  readonly label: string;
}

export type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onInput' | 'onChange' | 'name' | 'role'> & {
  name: string;
  value: string;
  options: readonly SelectOption[];
  onValue: (value: string) => void;
  invalid?: boolean;
};

/** A choice of a few options, the browser's own drop-down (keyboard and screen readers work as people expect). */
export function Select({ name, value, options, onValue, invalid, class: className, ...rest }: SelectProps) {
  return (
    <select
      aria-invalid={invalid ? true : undefined}
      {...rest}
      class={`k-select${typeof className === 'string' ? ` ${className}` : ''}`}
      name={name}
      value={value}
      onChange={(event) => onValue(event.currentTarget.value)}
    >
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}
