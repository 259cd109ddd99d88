import { useEffect, useState } from 'preact/hooks';
import { Button } from '../action/button.tsx';
import type { SchemaField } from './schema-fields.ts';
import { TextArea, TextInput } from './text-input.tsx';

/* The controls of a SchemaForm that are more than one kit input: decimals, secrets, lists, JSON. */

/** What Field hands its control. */
export type Aria = { id?: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string };

/** A decimal number box that keeps what was typed ("1." while typing 1.5). */
export function DecimalInput({
  name,
  value,
  onValue,
  disabled,
  placeholder,
  ...aria
}: Aria & {
  name: string;
  value: number | undefined;
  onValue: (n: number | undefined) => void;
  disabled: boolean;
  placeholder?: string | undefined;
}) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    if ((text.trim() === '' ? undefined : Number(text)) !== value) setText(value === undefined ? '' : String(value));
  }, [value]);
  return (
    <TextInput
      {...aria}
      name={name}
      inputMode="decimal"
      class="k-input--number"
      disabled={disabled}
      placeholder={placeholder}
      value={text}
      onValue={(typed) => {
        setText(typed);
        const number = Number(typed);
        onValue(typed.trim() === '' || !Number.isFinite(number) ? undefined : number);
      }}
    />
  );
}

/** A secret: typed but never shown. Empty means "keep the one saved"; Clear sends null. */
export function SecretInput({
  name,
  value,
  secretSet,
  onValue,
  disabled,
  ...aria
}: Aria & { name: string; value: unknown; secretSet: boolean; onValue: (v: unknown) => void; disabled: boolean }) {
  const cleared = value === null;
  return (
    <div class="k-secret">
      <TextInput
        {...aria}
        name={name}
        type="password"
        autoComplete="new-password"
        disabled={disabled}
        value={typeof value === 'string' ? value : ''}
        placeholder={cleared ? 'cleared when you save' : secretSet ? '•••••••• (set)' : 'not set'}
        onValue={(text) => onValue(text === '' ? undefined : text)}
      />
      {secretSet && !cleared && (
        <Button size="md" disabled={disabled} onClick={() => onValue(null)}>
          Clear
        </Button>
      )}
    </div>
  );
}

/** A list of values (tags, currency codes): one box per value, add and remove. */
export function ListInput({
  field,
  value,
  onValue,
  disabled,
  ...aria
}: Aria & { field: SchemaField; value: unknown[] | undefined; onValue: (v: unknown) => void; disabled: boolean }) {
  const items = value ?? (Array.isArray(field.schema.default) ? (field.schema.default as unknown[]) : []);
  const numeric = field.itemKind === 'integer' || field.itemKind === 'number';
  const change = (index: number, text: string) => {
    const next = [...items];
    next[index] = numeric ? (text.trim() === '' ? undefined : Number(text)) : field.itemKind === 'currency' ? text.toUpperCase() : text;
    onValue(next);
  };
  return (
    <div class="k-list-input" id={aria.id} aria-describedby={aria['aria-describedby']} role="group" aria-label={field.label}>
      {items.map((item, index) => (
        <div class="k-list-input__row" key={index}>
          <TextInput
            name={`${field.path}.${index}`}
            aria-label={`${field.label} ${index + 1}`}
            aria-invalid={aria['aria-invalid']}
            disabled={disabled}
            inputMode={numeric ? 'decimal' : undefined}
            value={item === undefined || item === null ? '' : String(item)}
            onValue={(text) => change(index, text)}
          />
          <Button
            variant="ghost"
            disabled={disabled}
            aria-label={`Remove ${field.label} ${index + 1}`}
            onClick={() => onValue(items.filter((_, at) => at !== index))}
          >
            Remove
          </Button>
        </div>
      ))}
      <div>
        <Button size="sm" disabled={disabled} onClick={() => onValue([...items, numeric ? undefined : ''])}>
          Add {field.label.toLowerCase()}
        </Button>
      </div>
    </div>
  );
}

/** Anything else the schema allows, as JSON text; text that is no JSON is kept and said so. */
export function JsonInput({
  name,
  value,
  onValue,
  disabled,
  ...aria
}: Aria & { name: string; value: unknown; onValue: (v: unknown) => void; disabled: boolean }) {
  const [text, setText] = useState(value === undefined ? '' : JSON.stringify(value));
  const [bad, setBad] = useState(false);
  return (
    <>
      <TextArea
        {...aria}
        name={name}
        disabled={disabled}
        placeholder="JSON"
        value={text}
        aria-invalid={bad || aria['aria-invalid'] ? true : undefined}
        onValue={(typed) => {
          setText(typed);
          if (typed.trim() === '') {
            setBad(false);
            onValue(undefined);
            return;
          }
          try {
            onValue(JSON.parse(typed));
            setBad(false);
          } catch {
            setBad(true);
          }
        }}
      />
      {bad && (
        <p class="k-field__problem" role="alert">
          This is not valid JSON yet.
        </p>
      )}
    </>
  );
}
