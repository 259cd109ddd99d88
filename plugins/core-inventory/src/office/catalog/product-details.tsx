import { Button, Card, Field, Select, TextArea, TextInput, Row, Columns, Stack } from '@kits/ui-kit';
import { axisValues, generateVariants, newKey, type AxisDraft, type ProductDraft } from './product-draft.ts';

interface PartProps {
  readonly draft: ProductDraft;
  readonly onDraft: (draft: ProductDraft) => void;
  readonly problems: Readonly<Record<string, string>>;
  readonly saved: boolean;
  readonly taxClasses: readonly string[];
  readonly currency: string;
}

/** The tax classes in use, offered as the box is typed in (the kit's TextInput passes `list` on). */
const TAX_CLASS_LIST = { list: 'inventory-tax-classes' };

const UNITS = [
  { value: 'piece', label: 'Pieces' },
  { value: 'gram', label: 'Grams (sold by weight)' },
  { value: 'millilitre', label: 'Millilitres (sold by volume)' },
];

/** Name, description, unit and tax class. */
export function ProductDetailsCard({ draft, onDraft, problems, saved, taxClasses }: PartProps) {
  return (
    <Card title="Details">
      <Stack space={4}>
        <Field label="Name" name="name" required problem={problems.name}>
          <TextInput name="name" value={draft.name} onValue={(name) => onDraft({ ...draft, name })} autoComplete="off" />
        </Field>
        <Columns min="medium">
          <Field
            label="Sold in"
            name="unit"
            hint={saved ? 'Fixed once the product exists: its stock is counted in it' : undefined}
            problem={problems.unit}
          >
            <Select name="unit" value={draft.unit} options={UNITS} onValue={(unit) => onDraft({ ...draft, unit })} disabled={saved} />
          </Field>
          <Field label="Tax class" name="taxClass" hint="Which tax rate applies (set up in Sales)" problem={problems.taxClass}>
            <TextInput
              name="taxClass"
              value={draft.taxClass}
              {...TAX_CLASS_LIST}
              onValue={(taxClass) => onDraft({ ...draft, taxClass })}
              autoComplete="off"
            />
          </Field>
        </Columns>
        <datalist id="inventory-tax-classes">
          {taxClasses.map((taxClass) => (
            <option key={taxClass} value={taxClass} />
          ))}
        </datalist>
        <Field label="Description" name="description" problem={problems.description}>
          <TextArea name="description" value={draft.description} rows={3} onValue={(description) => onDraft({ ...draft, description })} />
        </Field>
      </Stack>
    </Card>
  );
}

/** Option axes (size, colour) and the button that makes a variant per combination of their values. */
export function ProductOptionsCard({ draft, onDraft, problems, currency }: PartProps) {
  const setAxis = (key: string, change: Partial<AxisDraft>) =>
    onDraft({ ...draft, axes: draft.axes.map((axis) => (axis.key === key ? { ...axis, ...change } : axis)) });
  const removeAxis = (key: string) =>
    onDraft({
      ...draft,
      axes: draft.axes.filter((axis) => axis.key !== key),
      // Values of a removed option would be refused as options the product does not have.
      variants: draft.variants.map(({ options: { [key]: _gone, ...options }, ...variant }) => ({ ...variant, options })),
    });
  const combinations = draft.axes.reduce((n, axis) => n * Math.max(1, axisValues(axis).length), 1);
  const canGenerate = draft.axes.some((axis) => axis.name.trim() && axisValues(axis).length > 0);
  return (
    <Card
      title="Options"
      actions={
        <Button size="sm" variant="primary" disabled={!canGenerate} onClick={() => onDraft(generateVariants(draft, currency))}>
          {canGenerate ? `Create variants (${combinations})` : 'Create variants'}
        </Button>
      }
    >
      <Stack space={3}>
        <p class="k-text k-muted">Sizes, colours… Each combination of their values is a variant with its own SKU, barcodes and prices.</p>
        {problems.optionAxes && (
          <p class="k-field__problem" role="alert">
            {problems.optionAxes}
          </p>
        )}
        {draft.axes.map((axis, a) => (
          <div key={axis.key} role="group" aria-label={`Option ${a + 1}`}>
            <Row space={3} align="center">
              <Field label="Option" name={`optionAxes.${a}`} problem={problems[`optionAxes.${a}`]}>
                <TextInput name={`optionAxes.${a}`} value={axis.name} placeholder="Size" onValue={(name) => setAxis(axis.key, { name })} />
              </Field>
              <Field label="Values" name={`optionValues.${a}`} hint="Separated by commas">
                <TextInput
                  name={`optionValues.${a}`}
                  value={axis.values}
                  placeholder="S, M, L"
                  onValue={(values) => setAxis(axis.key, { values })}
                />
              </Field>
              <Button size="sm" variant="ghost" aria-label={`Remove option ${axis.name || a + 1}`} onClick={() => removeAxis(axis.key)}>
                Remove
              </Button>
            </Row>
          </div>
        ))}
        <div>
          <Button
            size="sm"
            disabled={draft.axes.length >= 5}
            onClick={() => onDraft({ ...draft, axes: [...draft.axes, { key: newKey(), name: '', values: '' }] })}
          >
            Add option
          </Button>
        </div>
      </Stack>
    </Card>
  );
}
