import { Badge, Button, Field, MoneyInput, Select, TextInput, Row, Columns, Stack, Subheading } from '@kits/ui-kit';
import type { OfficeLocation } from '@kits/plugin-sdk/office';
import { barcodeFeedback } from '../../shared/barcode.ts';
import { newKey, variantTitle, type BodyIndex, type PriceDraft, type ProductDraft, type VariantDraft } from './product-draft.ts';

export interface VariantEditorProps {
  readonly draft: ProductDraft;
  readonly variant: VariantDraft;
  readonly index: number;
  readonly onChange: (variant: VariantDraft) => void;
  readonly onRemove: () => void;
  /** The kernel's problems by field path (`variants.0.sku`). */
  readonly problems: Readonly<Record<string, string>>;
  readonly bodyIndex: BodyIndex;
  readonly currencies: readonly string[];
  readonly locations: readonly OfficeLocation[];
  readonly readOnly: boolean;
}

/** One variant of the product editor: SKU, option values, barcodes (checked as typed), prices per currency and location, cost. */
export function VariantEditor(props: VariantEditorProps) {
  const { draft, variant, index, onChange, problems, bodyIndex, currencies, locations, readOnly } = props;
  const title = variantTitle(draft, variant, index);
  const at = `variants.${index}`;
  const set = (change: Partial<VariantDraft>) => onChange({ ...variant, ...change });
  const setPrice = (key: string, change: Partial<PriceDraft>) =>
    set({ prices: variant.prices.map((price) => (price.key === key ? { ...price, ...change } : price)) });
  const currencyOptions = currencies.map((currency) => ({ value: currency, label: currency }));
  const whereOptions = [
    { value: '', label: 'Every location' },
    ...locations.map((location) => ({ value: location.id, label: location.name })),
  ];
  const archived = variant.status === 'archived';

  return (
    <fieldset class="k-fieldset" aria-label={`Variant ${title}`} disabled={readOnly}>
      <legend>
        <Row space={2} align="center">
          <span>{title}</span>
          {archived && <Badge tone="warning">Not sold</Badge>}
          {!variant.id && <Badge tone="info">New</Badge>}
          {variant.id ? (
            <Button size="sm" variant="ghost" onClick={() => set({ status: archived ? 'active' : 'archived' })}>
              {archived ? `Sell ${title} again` : `Stop selling ${title}`}
            </Button>
          ) : (
            draft.variants.length > 1 && (
              <Button size="sm" variant="ghost" onClick={props.onRemove}>
                Remove {title}
              </Button>
            )
          )}
        </Row>
      </legend>
      <Columns min="narrow">
        <Field label="SKU" name={`${at}.sku`} required problem={problems[`${at}.sku`] ?? problems[`${at}.id`]}>
          <TextInput name={`${at}.sku`} value={variant.sku} onValue={(sku) => set({ sku })} autoComplete="off" />
        </Field>
        {draft.axes.map((axis) => (
          <Field key={axis.key} label={axis.name || 'Option'} name={`${at}.options.${axis.key}`} problem={problems[`${at}.options`]}>
            <TextInput
              name={`${at}.options.${axis.key}`}
              value={variant.options[axis.key] ?? ''}
              onValue={(value) => set({ options: { ...variant.options, [axis.key]: value } })}
            />
          </Field>
        ))}
        <Field
          label={`Cost (${variant.cost.currency})`}
          name={`${at}.cost`}
          hint="What one unit costs you"
          problem={problems[`${at}.cost.currency`] ?? problems[`${at}.cost.amount`]}
        >
          <MoneyInput
            name={`${at}.cost`}
            currency={variant.cost.currency}
            value={variant.cost.amount}
            onValue={(amount) => set({ cost: { ...variant.cost, amount } })}
          />
        </Field>
      </Columns>

      <Subheading>Barcodes</Subheading>
      <Stack space={2}>
        {variant.barcodes.map((barcode, b) => {
          const feedback = barcodeFeedback(barcode.code);
          const kernelProblem = problems[`${at}.barcodes.${bodyIndex.barcode(index, b)}.code`];
          return (
            <Row key={barcode.key} space={3} align="center">
              <Field
                label={`Barcode ${b + 1}`}
                name={`${at}.barcodes.${b}`}
                hint={feedback.tone !== 'problem' && barcode.code ? feedback.message : undefined}
                problem={kernelProblem ?? (feedback.tone === 'problem' ? feedback.message : undefined)}
              >
                <TextInput
                  name={`${at}.barcodes.${b}`}
                  value={barcode.code}
                  inputMode="numeric"
                  autoComplete="off"
                  onValue={(code) => set({ barcodes: variant.barcodes.map((x) => (x.key === barcode.key ? { ...x, code } : x)) })}
                />
              </Field>
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Remove barcode ${b + 1}`}
                onClick={() => set({ barcodes: variant.barcodes.filter((x) => x.key !== barcode.key) })}
              >
                Remove
              </Button>
            </Row>
          );
        })}
        <div>
          <Button size="sm" onClick={() => set({ barcodes: [...variant.barcodes, { key: newKey(), code: '' }] })}>
            Add barcode
          </Button>
        </div>
      </Stack>

      <Subheading>Prices</Subheading>
      <Stack space={2}>
        {variant.prices.map((price, p) => {
          const bodyAt = `${at}.prices.${bodyIndex.price(index, p)}`;
          return (
            <div key={price.key} role="group" aria-label={`Price ${p + 1}`}>
              <Row space={3} align="center">
                <Field label="Where" name={`${at}.prices.${p}.where`} problem={problems[`${bodyAt}.locationId`]}>
                  <Select
                    name={`${at}.prices.${p}.where`}
                    value={price.locationId}
                    options={whereOptions}
                    onValue={(locationId) => setPrice(price.key, { locationId })}
                  />
                </Field>
                <Field label="Currency" name={`${at}.prices.${p}.currency`} problem={problems[`${bodyAt}.currency`]}>
                  <Select
                    name={`${at}.prices.${p}.currency`}
                    value={price.currency}
                    options={
                      currencyOptions.some((o) => o.value === price.currency)
                        ? currencyOptions
                        : [...currencyOptions, { value: price.currency, label: price.currency }]
                    }
                    onValue={(currency) => setPrice(price.key, { currency })}
                  />
                </Field>
                <Field label="Price" name={`${at}.prices.${p}.amount`} problem={problems[`${bodyAt}.amount`]}>
                  <MoneyInput
                    name={`${at}.prices.${p}.amount`}
                    currency={price.currency}
                    value={price.amount}
                    onValue={(amount) => setPrice(price.key, { amount })}
                  />
                </Field>
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Remove price ${p + 1}`}
                  onClick={() => set({ prices: variant.prices.filter((x) => x.key !== price.key) })}
                >
                  Remove
                </Button>
              </Row>
            </div>
          );
        })}
        <div>
          <Button
            size="sm"
            onClick={() =>
              set({ prices: [...variant.prices, { key: newKey(), currency: currencies[0] ?? 'EUR', locationId: '', amount: undefined }] })
            }
          >
            Add price
          </Button>
        </div>
      </Stack>
    </fieldset>
  );
}
