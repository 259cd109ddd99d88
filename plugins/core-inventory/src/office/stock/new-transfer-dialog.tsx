import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Button, Dialog, Field, NumberInput, SearchPicker, Select, useSubmit } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { INVENTORY, variantPicker, type PickedVariant, type Transfer } from './stock-api.ts';
import { locationOptions } from './stock-hooks.ts';

interface DraftLine {
  readonly variant: PickedVariant;
  readonly quantity: number | undefined;
}

/** Drafts a transfer: from where, to where, which products and how many. Nothing moves until it is shipped. */
export function NewTransferDialog({
  context,
  fromLocationId,
  onClose,
  onCreated,
}: {
  context: OfficePluginContext;
  fromLocationId: string | undefined;
  onClose: () => void;
  onCreated: (transfer: Transfer) => void;
}) {
  const locations = locationOptions(context);
  const [from, setFrom] = useState(fromLocationId ?? locations[0]?.value ?? '');
  const [to, setTo] = useState(locations.find((l) => l.value !== (fromLocationId ?? locations[0]?.value))?.value ?? '');
  const [lines, setLines] = useState<DraftLine[]>([]);
  const { submit, busy, problems } = useSubmit(() =>
    context.api.post<Transfer>(`${INVENTORY}/transfers`, {
      fromLocationId: from,
      toLocationId: to,
      lines: lines.map((line) => ({ variantId: line.variant.variantId, quantity: line.quantity })),
    }),
  );
  const pick = (variant: PickedVariant) => {
    // The same product twice is one line: the kernel refuses duplicates, so add to the quantity instead.
    setLines((now) => (now.some((line) => line.variant.variantId === variant.variantId) ? now : [...now, { variant, quantity: 1 }]));
  };
  const linesProblem = problems['lines'];
  return (
    <Dialog
      open
      title="New transfer"
      onClose={onClose}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant="primary"
            busy={busy}
            disabled={lines.length === 0}
            onClick={async () => {
              const created = await submit();
              if (created) onCreated(created);
            }}
          >
            Create draft
          </Button>
        </>
      }
    >
      <div class="k-form">
        {problems[''] && (
          <p class="k-form__problems" role="alert">
            {problems['']}
          </p>
        )}
        <div class="k-columns k-columns--narrow">
          <Field label="From" name="fromLocationId" problem={problems['fromLocationId']} required>
            <Select name="fromLocationId" value={from} options={locations} onValue={setFrom} />
          </Field>
          <Field label="To" name="toLocationId" problem={problems['toLocationId']} required>
            <Select name="toLocationId" value={to} options={locations} onValue={setTo} />
          </Field>
        </div>
        <SearchPicker {...variantPicker(context.api)} label="Add a product" onPick={pick} />
        {lines.length === 0 ? (
          <p class="k-muted">No products yet: find one above to add it to the transfer.</p>
        ) : (
          <ul aria-label="Products to send" class="k-stack k-gap-2">
            {lines.map((line, index) => (
              <li
                key={line.variant.variantId}
                style={{ display: 'grid', gridTemplateColumns: '1fr 140px auto', gap: 'var(--k-space-2)', alignItems: 'end' }}
              >
                <span>
                  <strong>{line.variant.name}</strong> <span class="k-muted">{line.variant.sku}</span>
                </span>
                <Field
                  label={
                    <>
                      Quantity<span class="k-visually-hidden"> of {line.variant.name}</span>
                    </>
                  }
                  name={`lines.${index}.quantity`}
                  problem={problems[`lines.${index}.quantity`]}
                >
                  <NumberInput
                    name={`lines.${index}.quantity`}
                    value={line.quantity}
                    min={1}
                    onValue={(quantity) => setLines((now) => now.map((l, i) => (i === index ? { ...l, quantity } : l)))}
                  />
                </Field>
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => setLines((now) => now.filter((_, i) => i !== index))}
                  aria-label={`Remove ${line.variant.name}`}
                >
                  Remove
                </Button>
              </li>
            ))}
          </ul>
        )}
        {linesProblem && (
          <p class="k-field__problem" role="alert">
            {linesProblem}
          </p>
        )}
      </div>
    </Dialog>
  );
}
