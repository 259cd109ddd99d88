import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Field, FormDialog, Muted, Select, TextArea, problemText, useSubmit } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { API, RESOLUTIONS, type Discrepancy, type Resolution } from '../shopify-api.ts';
import { RESOLUTION_HINTS, RESOLUTION_LABELS, orderName, reasonText } from './discrepancy-words.ts';

/** Resolve a discrepancy with what was done about it and a note (POST /orders/discrepancies/:id/resolve). */
export function ResolveDialog({
  context,
  discrepancy,
  onClose,
  onResolved,
}: {
  context: OfficePluginContext;
  discrepancy: Discrepancy;
  onClose(): void;
  onResolved(): void;
}) {
  const [resolution, setResolution] = useState<Resolution>(discrepancy.reason === 'short_stock' ? 'stock_adjusted' : 'accepted');
  const [note, setNote] = useState('');
  const resolve = useSubmit(async () => {
    await context.api.post(`${API}/orders/discrepancies/${discrepancy.discrepancyId}/resolve`, {
      resolution,
      ...(note.trim() ? { note: note.trim() } : {}),
    });
    context.toasts.show(`${orderName(discrepancy)} resolved`, 'success');
    onResolved();
    return true;
  });
  const field = (name: string) => resolve.problems[name];
  const named = ['resolution', 'note'].some((name) => field(name) !== undefined);
  return (
    <FormDialog
      title={`Resolve ${orderName(discrepancy)}`}
      submitLabel="Resolve"
      busy={resolve.busy}
      problem={resolve.error !== undefined && !named ? problemText(resolve.error) : undefined}
      onSubmit={() => void resolve.submit()}
      onClose={onClose}
    >
      <Muted>{reasonText(discrepancy)}</Muted>
      <Field label="What was done" name="resolution" hint={RESOLUTION_HINTS[resolution]} problem={field('resolution')}>
        <Select
          name="resolution"
          value={resolution}
          options={RESOLUTIONS.map((value) => ({ value, label: RESOLUTION_LABELS[value] }))}
          onValue={(value) => setResolution(value as Resolution)}
        />
      </Field>
      <Field label="Note" name="note" hint="For whoever reads this later (optional)" problem={field('note')}>
        <TextArea name="note" value={note} onValue={setNote} rows={3} maxLength={500} invalid={field('note') !== undefined} />
      </Field>
    </FormDialog>
  );
}
