import type { Ref } from 'preact';

/** A staff PIN as the till asks for it everywhere (sign-in, unlock, a manager's approval): 4 to 8 digits, hidden. */
export function PinField(props: {
  label: string;
  name: string;
  value: string;
  onInput: (pin: string) => void;
  inputRef?: Ref<HTMLInputElement>;
  /** `current-password` where a password manager may fill it (signing in); `off` elsewhere. */
  autoComplete?: 'current-password' | 'off';
  onKeyDown?: (event: KeyboardEvent) => void;
}) {
  return (
    <label>
      {props.label}
      <input
        ref={props.inputRef}
        name={props.name}
        type="password"
        inputMode="numeric"
        autoComplete={props.autoComplete ?? 'off'}
        pattern="[0-9]{4,8}"
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        onKeyDown={props.onKeyDown}
        required
      />
    </label>
  );
}
