import { Checkbox } from './checkbox.tsx';
import { Field } from './field.tsx';
import { NumberInput } from './number-input.tsx';
import { describeDefault, leafFields, schemaFields, valueAt, withValueAt, type JsonSchema, type SchemaField } from './schema-fields.ts';
import { DecimalInput, JsonInput, ListInput, SecretInput } from './schema-controls.tsx';
import { Select } from './select.tsx';
import { TextInput } from './text-input.tsx';

export interface SchemaFormProps {
  /** A JSON Schema object (a plugin's settings): each property becomes a field. */
  schema: JsonSchema;
  value: Record<string, unknown>;
  onValue: (value: Record<string, unknown>) => void;
  /** Problems by field path (`receipt.footer`), as fieldProblems gives them; the rest show above the form. */
  problems?: Record<string, string>;
  /** Stripped from the problems' paths first, when the request named them inside a wrapper (`settings.`). */
  problemPrefix?: string;
  /** Secrets that have a value (paths): shown as "set", never their value. */
  secretsSet?: readonly string[];
  disabled?: boolean;
}

/**
 * A form drawn from a JSON Schema: text, numbers, choices, switches, currency codes, lists of
 * values, groups for nested objects, and secrets (typed, never shown: an empty secret is left out
 * so the kernel keeps it, a cleared one is sent as null). The caller holds the value and sends it;
 * the kernel judges it, and its problems show beside their fields.
 */
export function SchemaForm({ schema, value, onValue, problems = {}, problemPrefix, secretsSet = [], disabled }: SchemaFormProps) {
  const fields = schemaFields(schema);
  const byPath: Record<string, string> = {};
  for (const [path, message] of Object.entries(problems)) {
    byPath[problemPrefix && path.startsWith(problemPrefix) ? path.slice(problemPrefix.length) : path] = message;
  }
  const known = new Set(leafFields(fields).map((field) => field.path));
  const elsewhere = Object.entries(byPath).filter(([path]) => !known.has(path));
  const set = (path: string, next: unknown) => onValue(withValueAt(value, path, next));

  const draw = (field: SchemaField) => {
    if (field.kind === 'object')
      return (
        <fieldset key={field.path} class="k-fieldset" disabled={disabled}>
          <legend>{field.label}</legend>
          {field.schema.description && <p class="k-field__hint">{field.schema.description}</p>}
          {field.children.map(draw)}
        </fieldset>
      );
    const hint = [field.schema.description, describeDefault(field)].filter(Boolean).join(' · ') || undefined;
    if (field.kind === 'boolean')
      return (
        <SchemaSwitch
          key={field.path}
          field={field}
          hint={hint}
          problem={byPath[field.path]}
          value={valueAt(value, field.path)}
          onValue={(next) => set(field.path, next)}
          disabled={disabled ?? false}
        />
      );
    return (
      <Field key={field.path} label={field.label} name={field.path} hint={hint} problem={byPath[field.path]} required={field.required}>
        <SchemaControl
          field={field}
          value={valueAt(value, field.path)}
          onValue={(next) => set(field.path, next)}
          secretSet={secretsSet.includes(field.path)}
          disabled={disabled ?? false}
        />
      </Field>
    );
  };

  return (
    <div class="k-form" data-schema-form="">
      {elsewhere.length > 0 && (
        <div class="k-form__problems" role="alert">
          {elsewhere.map(([path, message]) => (
            <p key={path} style={{ margin: 0 }}>
              {path ? `${path}: ` : ''}
              {message}
            </p>
          ))}
        </div>
      )}
      {fields.map(draw)}
    </div>
  );
}

/** A yes/no setting: the checkbox carries the label (a second label above it would say the same), then hint and problem. */
function SchemaSwitch({
  field,
  hint,
  problem,
  value,
  onValue,
  disabled,
}: {
  field: SchemaField;
  hint: string | undefined;
  problem: string | undefined;
  value: unknown;
  onValue: (value: unknown) => void;
  disabled: boolean;
}) {
  const id = `k-setting-${field.path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const describedBy = [hint ? `${id}-hint` : '', problem ? `${id}-problem` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`k-field${problem ? ' k-field--invalid' : ''}`} data-field={field.path}>
      <Checkbox
        id={id}
        name={field.path}
        label={field.label}
        checked={value === undefined ? field.schema.default === true : value === true}
        onValue={onValue}
        disabled={disabled}
        aria-describedby={describedBy}
        aria-invalid={problem ? true : undefined}
      />
      {hint && (
        <p class="k-field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {problem && (
        <p class="k-field__problem" id={`${id}-problem`} role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

interface ControlProps {
  field: SchemaField;
  value: unknown;
  onValue: (value: unknown) => void;
  secretSet: boolean;
  disabled: boolean;
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}

/** The control of one leaf field; Field hands it the id, aria-invalid and aria-describedby. */
function SchemaControl({ field, value, onValue, secretSet, disabled, ...aria }: ControlProps) {
  const { schema, path } = field;
  const placeholder = schema.default !== undefined && typeof schema.default !== 'object' ? String(schema.default) : undefined;
  switch (field.kind) {
    case 'boolean':
      return (
        <Checkbox
          {...aria}
          name={path}
          label={schema.description ?? field.label}
          checked={value === undefined ? schema.default === true : value === true}
          onValue={onValue}
          disabled={disabled}
        />
      );
    case 'enum': {
      const choices = (schema.enum ?? []).map((choice) => ({ value: String(choice), label: String(choice) }));
      const blank =
        !field.required || schema.default === undefined
          ? [{ value: '', label: schema.default !== undefined ? `— (${String(schema.default)})` : '—' }]
          : [];
      return (
        <Select
          {...aria}
          name={path}
          disabled={disabled}
          value={value === undefined ? (blank.length ? '' : String(schema.default ?? '')) : String(value)}
          options={[...blank, ...choices]}
          onValue={(text) => onValue(text === '' ? undefined : (schema.enum ?? []).find((choice) => String(choice) === text))}
        />
      );
    }
    case 'integer':
      return (
        <NumberInput
          {...aria}
          name={path}
          disabled={disabled}
          value={typeof value === 'number' ? value : undefined}
          min={schema.minimum}
          max={schema.maximum}
          placeholder={placeholder}
          onValue={onValue}
        />
      );
    case 'number':
      return (
        <DecimalInput
          {...aria}
          name={path}
          disabled={disabled}
          value={typeof value === 'number' ? value : undefined}
          placeholder={placeholder}
          onValue={onValue}
        />
      );
    case 'currency':
      return (
        <TextInput
          {...aria}
          name={path}
          disabled={disabled}
          value={typeof value === 'string' ? value : ''}
          placeholder={placeholder ?? 'EUR'}
          maxLength={3}
          autoComplete="off"
          style={{ textTransform: 'uppercase', maxWidth: '8em' }}
          onValue={(text) => onValue(text === '' ? undefined : text.toUpperCase())}
        />
      );
    case 'secret':
      return <SecretInput {...aria} name={path} disabled={disabled} value={value} secretSet={secretSet} onValue={onValue} />;
    case 'list':
      return <ListInput {...aria} field={field} disabled={disabled} value={Array.isArray(value) ? value : undefined} onValue={onValue} />;
    case 'json':
      return <JsonInput {...aria} name={path} disabled={disabled} value={value} onValue={onValue} />;
    default:
      return (
        <TextInput
          {...aria}
          name={path}
          disabled={disabled}
          value={typeof value === 'string' ? value : ''}
          placeholder={placeholder}
          onValue={(text) => onValue(text === '' ? undefined : text)}
        />
      );
  }
}
