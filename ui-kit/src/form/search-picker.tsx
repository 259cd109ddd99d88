import { useState } from 'preact/hooks';
import { Button } from '../action/button.tsx';
import { useResource } from '../data/use-resource.ts';
import { ProblemNotice } from '../feedback/problem-notice.tsx';
import { SearchInput } from './search-input.tsx';

export interface SearchPickerProps<Option> {
  /** The search box's name ("Add a product"), also shown above it. */
  label: string;
  /** The options matching what was typed (never called with empty text); `signal` aborts a stale search. */
  find(text: string, signal: AbortSignal): Promise<readonly Option[]>;
  optionKey(option: Option): string;
  /** What an option says. */
  optionLabel(option: Option): string;
  /** Quieter text after it (a SKU). */
  optionDetail?(option: Option): string | undefined;
  /** The option button's accessible name when it should differ from label + detail ("Add Rye Flour (RYE-1)"). */
  optionName?(option: Option): string;
  /** Why an option cannot be picked now ("already added"): shown, and its button disabled. */
  unavailable?(option: Option): string | undefined;
  onPick(option: Option): void;
  placeholder?: string;
  /** What a failed search says ("Searching products" → "Searching products failed: …"). */
  what?: string;
  /** Said when nothing matches. */
  noMatch?: string;
  /** The option already chosen, when the picker holds one: shown with a Change button in place of the box. */
  chosen?: { label: string; detail?: string; onClear(): void };
}

/**
 * A search box whose matches drop down below it as buttons; a click picks one. It knows nothing of
 * what it finds: the page gives `find` (its API call) and how an option reads.
 */
export function SearchPicker<Option>({
  label,
  find,
  optionKey,
  optionLabel,
  optionDetail,
  optionName,
  unavailable,
  onPick,
  placeholder,
  what = 'Searching',
  noMatch = 'Nothing matches',
  chosen,
}: SearchPickerProps<Option>) {
  const [text, setText] = useState('');
  const wanted = text.trim();
  const matches = useResource((signal) => (wanted === '' ? Promise.resolve([] as readonly Option[]) : find(wanted, signal)), [wanted]);
  if (chosen) {
    return (
      <div class="k-field k-picker" role="group" aria-label={label}>
        <span class="k-field__label">{label}</span>
        <div class="k-picker__chosen">
          <strong>{chosen.label}</strong>
          {chosen.detail ? <span class="k-muted">{chosen.detail}</span> : null}
          <Button size="sm" variant="ghost" onClick={chosen.onClear} aria-label={`Clear ${label.toLowerCase()}`}>
            Change
          </Button>
        </div>
      </div>
    );
  }
  const options = matches.data ?? [];
  return (
    <div class="k-field k-picker">
      {/* The search box is named by aria-label; this is the same name for the eye, above it like every field's. */}
      <span class="k-field__label" aria-hidden="true">
        {label}
      </span>
      <SearchInput label={label} value={text} onValue={setText} placeholder={placeholder} />
      {wanted !== '' && (
        <ul class="k-picker__matches" aria-label={`${label}: matches`}>
          {matches.error ? (
            <li>
              <ProblemNotice error={matches.error} what={what} onRetry={matches.reload} />
            </li>
          ) : options.length === 0 ? (
            <li class="k-picker__note k-muted">{matches.loading ? 'Searching…' : noMatch}</li>
          ) : (
            options.map((option) => {
              const detail = optionDetail?.(option);
              const why = unavailable?.(option);
              return (
                <li key={optionKey(option)}>
                  <button
                    type="button"
                    class="k-button k-button--ghost k-picker__option"
                    disabled={why !== undefined}
                    aria-label={optionName?.(option)}
                    onClick={() => {
                      setText('');
                      onPick(option);
                    }}
                  >
                    <span>
                      {optionLabel(option)}
                      {why ? <span class="k-muted"> — {why}</span> : null}
                    </span>
                    {detail ? <span class="k-muted">{detail}</span> : null}
                  </button>
                </li>
              );
            })
          )}
        </ul>
      )}
    </div>
  );
}
