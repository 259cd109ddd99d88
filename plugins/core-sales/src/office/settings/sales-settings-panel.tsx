import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Button,
  Card,
  Checkbox,
  Field,
  NumberInput,
  ProblemNotice,
  Select,
  Spinner,
  TextInput,
  useResource,
  useSubmit,
} from '@kits/ui-kit';
import { useEffect, useState } from 'preact/hooks';
import { basisPointsToPercent, percentToBasisPoints, type RateDraft, type TaxRates } from './tax-rates.ts';

interface Install {
  readonly install: { readonly settings: Record<string, unknown> } | null;
}

interface Draft {
  pricesIncludeTax: boolean;
  taxRounding: string;
  cashRounding: number | undefined;
  classes: Array<{ name: string; rates: RateDraft[] }>;
}

const ROUNDING = [
  { value: 'line', label: 'On each line' },
  { value: 'invoice', label: 'Once per rate, over the whole sale' },
];

const title = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

// The usual classes first, in the order a merchant thinks of them; their own after.
const classOrder = (name: string) => ({ standard: 0, reduced: 1, zero: 2 })[name] ?? 3;

const draftOf = (settings: Record<string, unknown>): Draft => ({
  pricesIncludeTax: settings['pricesIncludeTax'] !== false,
  taxRounding: typeof settings['taxRounding'] === 'string' ? settings['taxRounding'] : 'line',
  cashRounding: typeof settings['cashRounding'] === 'number' ? settings['cashRounding'] : 1,
  classes: Object.entries((settings['taxRates'] ?? {}) as TaxRates)
    .sort(([a], [b]) => classOrder(a) - classOrder(b) || a.localeCompare(b))
    .map(([name, rates]) => ({
      name,
      rates: rates.map((rate) => ({ name: rate.name, percent: basisPointsToPercent(rate.basisPoints) })),
    })),
});

// The kernel names settings fields `settings.taxRates.standard.0.basisPoints`; the form's are without `settings.`.
const settingsProblems = (problems: Record<string, string>) =>
  Object.fromEntries(Object.entries(problems).map(([field, message]) => [field.replace(/^settings\.?/, ''), message]));

const row = {
  display: 'grid',
  gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 1fr) auto',
  gap: 'var(--k-space-3, 12px)',
  alignItems: 'end',
};

/**
 * Sales and tax settings: whether shelf prices include tax, how tax rounds, cash rounding, and the
 * rates of each tax class. Saved with PUT /api/v1/plugins/core-sales/settings (the other settings
 * kept as they are); the kernel checks them against the manifest's schema and names each bad field.
 */
export function salesSettingsPanel(context: OfficePluginContext) {
  const path = `/api/v1/plugins/${context.plugin.id}`;
  return function SalesSettingsPanel() {
    const current = useResource((signal) => context.api.get<Install>(path, { signal }), []);
    const [draft, setDraft] = useState<Draft | undefined>(undefined);
    const [typo, setTypo] = useState<Record<string, string>>({});
    useEffect(() => {
      if (current.data?.install) setDraft(draftOf(current.data.install.settings));
    }, [current.data]);
    const save = useSubmit((settings: Record<string, unknown>) => context.api.put(`${path}/settings`, settings));

    if (current.error !== undefined && !current.data)
      return (
        <Card title="Sales and tax">
          <ProblemNotice error={current.error} what="Loading the sales settings" onRetry={current.reload} />
        </Card>
      );
    if (!draft || !current.data?.install) return <Spinner label="Loading the sales settings…" />;
    const stored = current.data.install.settings;
    const problems = { ...settingsProblems(save.problems), ...typo };
    const setClass = (index: number, change: Partial<Draft['classes'][number]>) =>
      setDraft({ ...draft, classes: draft.classes.map((c, i) => (i === index ? { ...c, ...change } : c)) });
    const setRate = (index: number, rateIndex: number, change: Partial<RateDraft>) =>
      setClass(index, { rates: draft.classes[index]!.rates.map((r, i) => (i === rateIndex ? { ...r, ...change } : r)) });

    const submit = async () => {
      // A percent that is not one is the form's own problem: nothing is sent.
      const wrong: Record<string, string> = {};
      const taxRates: TaxRates = {};
      for (const taxClass of draft.classes) {
        taxRates[taxClass.name.trim()] = taxClass.rates.map((rate, i) => {
          const basisPoints = percentToBasisPoints(rate.percent);
          if (basisPoints === undefined)
            wrong[`taxRates.${taxClass.name.trim()}.${i}.basisPoints`] = 'type a percent from 0 to 100, like 20 or 5.5';
          return { name: rate.name.trim(), basisPoints: basisPoints ?? 0 };
        });
      }
      setTypo(wrong);
      if (Object.keys(wrong).length > 0) return;
      const saved = await save.submit({
        ...stored,
        pricesIncludeTax: draft.pricesIncludeTax,
        taxRounding: draft.taxRounding,
        cashRounding: draft.cashRounding,
        taxRates,
      });
      if (saved) {
        context.toasts.show('Sales and tax settings saved', 'success');
        current.reload();
      }
    };

    return (
      <Card title="Sales and tax">
        <form
          noValidate
          class="k-form"
          aria-label="Sales and tax settings"
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          {save.problems[''] && <ProblemNotice error={save.error} what="Saving the settings" />}
          <Checkbox
            name="pricesIncludeTax"
            checked={draft.pricesIncludeTax}
            onValue={(on) => setDraft({ ...draft, pricesIncludeTax: on })}
            label="Shelf prices include tax"
          />
          <Field label="Round tax" name="taxRounding" problem={problems['taxRounding']}>
            <Select
              name="taxRounding"
              value={draft.taxRounding}
              onValue={(value) => setDraft({ ...draft, taxRounding: value })}
              options={ROUNDING}
            />
          </Field>
          <Field
            label="Round cash payments to"
            name="cashRounding"
            hint="In cents (minor units): 1 = no rounding, 5 = to the nearest 0.05"
            problem={problems['cashRounding']}
          >
            <NumberInput
              name="cashRounding"
              value={draft.cashRounding}
              onValue={(n) => setDraft({ ...draft, cashRounding: n })}
              min={1}
              max={100}
            />
          </Field>
          {draft.classes.map((taxClass, index) => (
            <fieldset key={index} class="k-fieldset">
              <legend>{title(taxClass.name)} rate products</legend>
              {taxClass.rates.length === 0 && <p class="k-muted">No tax on this class.</p>}
              {taxClass.rates.map((rate, rateIndex) => {
                const field = `taxRates.${taxClass.name}.${rateIndex}`;
                return (
                  <div key={rateIndex} style={row}>
                    <Field
                      label={`${title(taxClass.name)}: tax ${rateIndex + 1} name`}
                      name={`${field}.name`}
                      problem={problems[`${field}.name`]}
                    >
                      <TextInput name={`${field}.name`} value={rate.name} onValue={(name) => setRate(index, rateIndex, { name })} />
                    </Field>
                    <Field
                      label={`${title(taxClass.name)}: rate ${rateIndex + 1} (%)`}
                      name={`${field}.basisPoints`}
                      problem={problems[`${field}.basisPoints`]}
                    >
                      <TextInput
                        name={`${field}.basisPoints`}
                        value={rate.percent}
                        inputMode="decimal"
                        onValue={(percent) => setRate(index, rateIndex, { percent })}
                      />
                    </Field>
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-label={`Remove ${title(taxClass.name)} tax ${rateIndex + 1}`}
                      onClick={() => setClass(index, { rates: taxClass.rates.filter((_, i) => i !== rateIndex) })}
                    >
                      Remove
                    </Button>
                  </div>
                );
              })}
              <Button
                variant="ghost"
                size="sm"
                onClick={() => setClass(index, { rates: [...taxClass.rates, { name: 'VAT', percent: '' }] })}
              >
                Add a rate to “{taxClass.name}”
              </Button>
            </fieldset>
          ))}
          <div>
            <Button type="submit" variant="primary" busy={save.busy}>
              Save sales and tax settings
            </Button>
          </div>
        </form>
      </Card>
    );
  };
}
