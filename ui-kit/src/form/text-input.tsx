import type { PartialInputHTMLAttributes, TextareaHTMLAttributes } from 'preact';

type NativeInput = Omit<PartialInputHTMLAttributes<HTMLInputElement>, 'value' | 'onInput' | 'type' | 'name' | 'role' | 'size'>;

export type TextInputProps = NativeInput & {
  name: string;
  value: string;
  onValue: (value: string) => void;
  type?: 'text' | 'email' | 'password' | 'search' | 'tel' | 'url' | 'date' | 'datetime-local' | 'time';
  placeholder?: string;
  invalid?: boolean;
  autoFocus?: boolean;
};

/** A one-line text box that reports every keystroke's value. */
export function TextInput({ name, value, onValue, type, invalid, class: className, ...rest }: TextInputProps) {
  return (
    <input
      aria-invalid={invalid ? true : undefined}
      {...rest}
      class={`k-input${typeof className === 'string' ? ` ${className}` : ''}`}
      name={name}
      // One of the text types; Preact's types want it as a literal to pick its ARIA roles.
      type={(type ?? 'text') as 'text'}
      value={value}
      onInput={(event) => onValue(event.currentTarget.value)}
    />
  );
}

export type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onInput' | 'name'> & {
  name: string;
  value: string;
  onValue: (value: string) => void;
  invalid?: boolean;
};

/** A text box of several lines (notes, a description). */
export function TextArea({ name, value, onValue, invalid, class: className, ...rest }: TextAreaProps) {
  return (
    <textarea
      aria-invalid={invalid ? true : undefined}
      {...rest}
      class={`k-textarea${typeof className === 'string' ? ` ${className}` : ''}`}
      name={name}
      value={value}
      onInput={(event) => onValue(event.currentTarget.value)}
    />
  );
}
