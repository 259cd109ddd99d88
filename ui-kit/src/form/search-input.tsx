import { useEffect, useRef, useState } from 'preact/hooks';

export interface SearchInputProps {
  value: string;
  /** Called with what was typed once typing pauses for `delayMs` (Enter reports at once). */
  onValue: (value: string) => void;
  label: string;
  placeholder?: string;
  delayMs?: number;
  name?: string;
  autoFocus?: boolean;
  id?: string;
}

/** A search box that waits for a pause in typing before it searches, so a list is not reloaded per key. */
export function SearchInput({ value, onValue, label, placeholder, delayMs = 150, name, autoFocus, id }: SearchInputProps) {
  const [text, setText] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const latest = useRef(onValue);
  latest.current = onValue;
  useEffect(() => setText(value), [value]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const report = (next: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => latest.current(next), delayMs);
  };
  return (
    <span class="k-search">
      <input
        id={id}
        class="k-input"
        type="search"
        role="searchbox"
        name={name ?? 'search'}
        aria-label={label}
        placeholder={placeholder ?? label}
        autoFocus={autoFocus}
        value={text}
        onInput={(event) => {
          setText(event.currentTarget.value);
          report(event.currentTarget.value);
        }}
        onKeyDown={(event) => {
          if (event.key !== 'Enter') return;
          clearTimeout(timer.current);
          latest.current(event.currentTarget.value);
        }}
      />
    </span>
  );
}
