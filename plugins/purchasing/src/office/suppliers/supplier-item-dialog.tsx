import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Button,
  Checkbox,
  Dialog,
  Field,
  MoneyInput,
  NumberInput,
  TextInput,
  useSubmit,
  FormProblem,
  SearchPicker,
  Stack,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { API, variantLabel, variantPicker, type VariantHit, type Supplier, type SupplierItem } from '../purchasing-api.ts';

/**
 * Adds an item the supplier sells us, or changes one: their SKU, the pack size they sell in and the
 * cost of one unit in their currency.
 */
export function SupplierItemDialog({
  context,
  supplier,
  item,
  onClose,
  onSaved,
}: {
  context: OfficePluginContext;
  supplier: Supplier;
  /** The item to change; none: a new one. */
  item?: SupplierItem;
  onClose(): void;
  onSaved(): void;
}) {
  const [variant, setVariant] = useState<{ variantId: string; label: string; sku: string } | undefined>(
    item ? { variantId: item.variantId, label: item.name, sku: item.sku } : undefined,
  );
  const [supplierSku, setSupplierSku] = useState(item?.supplierSku ?? '');
  const [packSize, setPackSize] = useState<number | undefined>(item?.packSize ?? 1);
  const [unitCost, setUnitCost] = useState<number | undefined>(item?.unitCost.amount);
  const [preferred, setPreferred] = useState(item?.preferred ?? false);
  const save = useSubmit(async () => {
    if (!variant) throw new Error('Choose the item first.');
    const saved = await context.api.put<SupplierItem>(`${API}/suppliers/${supplier.id}/items/${variant.variantId}`, {
      supplierSku,
      packSize,
      unitCost: unitCost === undefined ? undefined : { amount: unitCost, currency: supplier.currency },
      preferred,
    });
    context.toasts.show(`${variant.label} saved`, 'success');
    onSaved();
    return saved;
  });
  const problems = save.problems;
  const pick = (hit: VariantHit) => {
    setVariant({ variantId: hit.variantId, label: variantLabel(hit), sku: hit.sku });
    if (!supplierSku) setSupplierSku(hit.sku);
  };
  const taken = supplier.items.map((i) => i.variantId);
  return (
    <Dialog
      open
      title={item ? `Change ${item.name}` : `Add an item ${supplier.name} sells`}
      onClose={onClose}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" busy={save.busy} disabled={!variant} onClick={() => void save.submit()}>
            Save item
          </Button>
        </>
      }
    >
      <Stack>
        {save.error && !Object.keys(problems).some((k) => k !== '') ? (
          <FormProblem>{problems[''] ?? (save.error instanceof Error ? save.error.message : 'Saving failed.')}</FormProblem>
        ) : null}
        {variant ? (
          <Field label="Item">
            <div>
              <strong>{variant.label}</strong> <span class="k-muted">· {variant.sku}</span>{' '}
              {item ? null : (
                <Button variant="ghost" size="sm" onClick={() => setVariant(undefined)}>
                  Choose another
                </Button>
              )}
            </div>
          </Field>
        ) : (
          <SearchPicker {...variantPicker(context, taken)} label="Find the item" onPick={pick} />
        )}
        <Field label="Supplier's SKU" name="supplierSku" hint="How the supplier names it on orders" problem={problems['supplierSku']}>
          <TextInput name="supplierSku" value={supplierSku} onValue={setSupplierSku} invalid={!!problems['supplierSku']} />
        </Field>
        <Field label="Pack size" name="packSize" hint="Units in one pack the supplier sells" problem={problems['packSize']}>
          <NumberInput name="packSize" value={packSize} onValue={setPackSize} min={1} />
        </Field>
        <Field
          label={`Cost of one unit (${supplier.currency})`}
          name="unitCost"
          problem={problems['unitCost'] ?? problems['unitCost.amount'] ?? problems['unitCost.currency']}
        >
          <MoneyInput
            name="unitCost"
            currency={supplier.currency}
            value={unitCost}
            onValue={setUnitCost}
            invalid={!!problems['unitCost']}
          />
        </Field>
        <Checkbox name="preferred" checked={preferred} onValue={setPreferred} label="Reorder this item from this supplier first" />
      </Stack>
    </Dialog>
  );
}
