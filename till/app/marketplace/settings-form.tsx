import { useState } from 'preact/hooks';
import { GatewayError, type FieldProblem } from '../../src/sync/gateway-client.ts';
import type { JsonSchema, PluginInstall } from './marketplace-api.ts';

/** What a field of the form holds while it is edited: text for inputs and selects, a flag for checkboxes. */
type FieldValues = Record<string, string | boolean>;

interface Field {
  readonly path: string;
  readonly name: string;
  readonly schema: JsonSchema;
  readonly required: boolean;
  readonly kind: 'boolean' | 'enum' | 'integer' | 'number' | 'string' | 'secret' | 'object' | 'json';
  readonly children: readonly Field[];
}

const typeOf = (schema: JsonSchema): string | undefined => (Array.isArray(schema.type) ? schema.type[0] : (schema.type as string));

function kindOf(schema: JsonSchema): Field['kind'] {
  if (schema['x-kits-secret'] === true) return 'secret';
  if (schema.enum) return 'enum';
  const type = typeOf(schema);
  if (type === 'object' && schema.properties) return 'object';
  if (type === 'boolean' || type === 'integer' || type === 'number' || type === 'string') return type;
  return 'json';
}

/** The form's fields, in the schema's order, nested objects as groups. */
export function fieldsOf(schema: JsonSchema, prefix = ''): Field[] {
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    const kind = kindOf(property);
    return {
      path,
      name,
      schema: property,
      required: schema.required?.includes(name) ?? false,
      kind,
      children: kind === 'object' ? fieldsOf(property, path) : [],
    };
  });
}

function read(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((inner, name) => (inner && typeof inner === 'object' ? (inner as Record<string, unknown>)[name] : undefined), value);
}

function write(target: Record<string, unknown>, path: string, value: unknown): void {
  const names = path.split('.');
  let container = target;
  for (const name of names.slice(0, -1)) {
    if (typeof container[name] !== 'object' || container[name] === null) container[name] = {};
    container = container[name] as Record<string, unknown>;
  }
  container[names.at(-1)!] = value;
}

const leaves = (fields: readonly Field[]): Field[] =>
  fields.flatMap((field) => (field.kind === 'object' ? leaves(field.children) : [field]));

/** What the form starts with: the saved settings, else the schema's defaults; secrets always start empty. */
function initialValues(fields: readonly Field[], settings: Record<string, unknown>): FieldValues {
  const values: FieldValues = {};
  for (const field of leaves(fields)) {
    if (field.kind === 'secret') continue;
    const saved = read(settings, field.path);
    const value = saved === undefined ? field.schema.default : saved;
    if (field.kind === 'boolean') values[field.path] = value === true;
    else if (field.kind === 'json') values[field.path] = value === undefined ? '' : JSON.stringify(value);
    else values[field.path] = value === undefined || value === null ? '' : String(value);
  }
  return values;
}

/**
 * The settings to send: an empty field is left out (the schema's default applies, or it has no
 * value); a secret is sent only when typed, `null` when it is to be cleared, and otherwise left
 * out so the kernel keeps it. Numbers go as numbers; the kernel judges everything else.
 */
function settingsToSend(fields: readonly Field[], values: FieldValues, secrets: Record<string, string>, cleared: ReadonlySet<string>) {
  const settings: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const field of leaves(fields)) {
    if (field.kind === 'secret') {
      if (cleared.has(field.path)) write(settings, field.path, null);
      else if (secrets[field.path]) write(settings, field.path, secrets[field.path]);
      continue;
    }
    const value = values[field.path];
    if (field.kind === 'boolean') {
      write(settings, field.path, value === true);
      continue;
    }
    if (typeof value !== 'string' || value === '') continue;
    if (field.kind === 'integer' || field.kind === 'number') write(settings, field.path, Number(value));
    else if (field.kind === 'json') {
      try {
        write(settings, field.path, JSON.parse(value));
      } catch {
        problems.push({ field: `settings.${field.path}`, message: 'is not valid JSON' });
      }
    } else write(settings, field.path, value);
  }
  return { settings, problems };
}

/**
 * A plugin's settings, drawn from its settings JSON Schema: text, numbers, choices, switches, groups
 * for nested objects, and secrets (masked: a set secret shows as set, never its value). The kernel
 * checks what is saved; its problems are shown beside their fields.
 */
export function SettingsForm({
  schema,
  install,
  onSave,
}: {
  schema: JsonSchema;
  install: PluginInstall;
  onSave: (settings: Record<string, unknown>) => Promise<PluginInstall>;
}) {
  const fields = fieldsOf(schema);
  const [values, setValues] = useState<FieldValues>(() => initialValues(fields, install.settings ?? {}));
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [cleared, setCleared] = useState<ReadonlySet<string>>(new Set());
  const [secretsSet, setSecretsSet] = useState<readonly string[]>(install.secretsSet ?? []);
  const [problems, setProblems] = useState<readonly FieldProblem[]>([]);
  const [summary, setSummary] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const outgoing = settingsToSend(fields, values, secrets, cleared);
    setSaved(false);
    if (outgoing.problems.length > 0) {
      setProblems(outgoing.problems);
      setSummary('Some settings need another look.');
      return;
    }
    setBusy(true);
    try {
      const answer = await onSave(outgoing.settings);
      setValues(initialValues(fields, answer.settings ?? {}));
      setSecretsSet(answer.secretsSet ?? []);
      setSecrets({});
      setCleared(new Set());
      setProblems([]);
      setSummary(undefined);
      setSaved(true);
    } catch (failure) {
      const named = failure instanceof GatewayError ? failure.errors : [];
      setProblems(named);
      // Problems the form shows beside their fields need no repeating at the top.
      const known = new Set(leaves(fields).map((field) => `settings.${field.path}`));
      setSummary(
        named.length > 0 && named.every((problem) => known.has(problem.field))
          ? `Not saved: ${named.length === 1 ? 'a setting needs' : `${named.length} settings need`} another look (marked below).`
          : (failure as Error).message,
      );
    } finally {
      setBusy(false);
    }
  };

  const problemsOf = (path: string) => problems.filter((problem) => problem.field === `settings.${path}`);
  const shown = new Set(leaves(fields).map((field) => `settings.${field.path}`));
  const elsewhere = problems.filter((problem) => !shown.has(problem.field));

  const renderField = (field: Field) => {
    const label = field.schema.title ?? field.name;
    if (field.kind === 'object') {
      return (
        <fieldset key={field.path} class="settings-group">
          <legend>{label}</legend>
          {field.schema.description && <p class="field-hint">{field.schema.description}</p>}
          {field.children.map(renderField)}
        </fieldset>
      );
    }
    const fieldProblems = problemsOf(field.path);
    const id = `setting-${field.path.replaceAll('.', '-')}`;
    const invalid = fieldProblems.length > 0;
    const describedBy = `${id}-hint`;
    const value = values[field.path];
    const set = (next: string | boolean) => setValues({ ...values, [field.path]: next });
    let control;
    if (field.kind === 'boolean') {
      control = <input id={id} name={field.path} type="checkbox" checked={value === true} onChange={(e) => set(e.currentTarget.checked)} />;
    } else if (field.kind === 'enum') {
      control = (
        <select id={id} name={field.path} value={String(value)} aria-invalid={invalid} onChange={(e) => set(e.currentTarget.value)}>
          {(!field.required || field.schema.default === undefined) && <option value="">—</option>}
          {(field.schema.enum ?? []).map((choice) => (
            <option key={String(choice)} value={String(choice)}>
              {String(choice)}
            </option>
          ))}
        </select>
      );
    } else if (field.kind === 'secret') {
      const isSet = secretsSet.includes(field.path) && !cleared.has(field.path);
      control = (
        <div class="secret-input">
          <input
            id={id}
            name={field.path}
            type="password"
            autocomplete="new-password"
            value={secrets[field.path] ?? ''}
            placeholder={isSet ? '•••••••• (set)' : cleared.has(field.path) ? 'cleared when you save' : 'not set'}
            aria-invalid={invalid}
            aria-describedby={describedBy}
            onInput={(e) => {
              const next = new Set(cleared);
              next.delete(field.path);
              setCleared(next);
              setSecrets({ ...secrets, [field.path]: e.currentTarget.value });
            }}
          />
          {isSet && (
            <button type="button" class="secondary" onClick={() => setCleared(new Set([...cleared, field.path]))}>
              Clear
            </button>
          )}
        </div>
      );
    } else {
      const shared = {
        id,
        name: field.path,
        value: String(value ?? ''),
        'aria-invalid': invalid,
        'aria-describedby': describedBy,
        onInput: (e: Event) => set((e.currentTarget as HTMLInputElement).value),
      };
      control =
        field.kind === 'integer' || field.kind === 'number' ? (
          <input {...shared} type="number" step={field.kind === 'integer' ? '1' : 'any'} />
        ) : (
          <input {...shared} type="text" placeholder={field.kind === 'json' ? 'JSON' : undefined} />
        );
    }
    return (
      <div
        key={field.path}
        class={`setting${invalid ? ' invalid' : ''}${field.kind === 'boolean' ? ' switch' : ''}`}
        data-setting={field.path}
      >
        <label for={id}>
          {label}
          {field.required && <span class="required"> (required)</span>}
          {field.kind === 'secret' && (
            <span class={`secret-state ${secretsSet.includes(field.path) && !cleared.has(field.path) ? 'set' : ''}`}>
              {secretsSet.includes(field.path) && !cleared.has(field.path) ? 'secret · set' : 'secret · not set'}
            </span>
          )}
        </label>
        {control}
        {field.schema.description && (
          <p class="field-hint" id={describedBy}>
            {field.schema.description}
          </p>
        )}
        {fieldProblems.map((problem) => (
          <p key={problem.message} class="field-error" role="alert">
            {label} {problem.message}
          </p>
        ))}
      </div>
    );
  };

  return (
    <form class="settings-form" onSubmit={submit} noValidate aria-label="Plugin settings">
      {summary && (
        <p class="error" role="alert">
          {summary}
        </p>
      )}
      {elsewhere.map((problem) => (
        <p key={problem.field + problem.message} class="field-error" role="alert">
          {problem.field} {problem.message}
        </p>
      ))}
      {fields.map(renderField)}
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save settings'}
        </button>
        {saved && (
          <span class="saved" role="status">
            Saved.
          </span>
        )}
      </div>
    </form>
  );
}
