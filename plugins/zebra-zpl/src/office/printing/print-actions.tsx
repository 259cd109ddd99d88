import type { OfficePluginContext, OfficeSlotProps } from '@kits/plugin-sdk/office';
import { Button, ProblemNotice, useResource } from '@kits/ui-kit';
import { API } from '../labels-api.ts';
import { useState } from 'preact/hooks';
import { PrintLabelsDialog } from './print-labels-dialog.tsx';

/** "Print labels" over the product list: one label per ticked variant to start with, counts editable. */
export function selectionPrintAction(context: OfficePluginContext) {
  return function PrintSelectedLabels({ variantIds }: OfficeSlotProps['office.products.selection.actions']) {
    const [open, setOpen] = useState(false);
    const ids = variantIds.slice(0, 500);
    const names = useResource(
      async (signal) =>
        open
          ? new Map(
              (
                await context.api.get<{ items: Array<{ variantId: string; name: string }> }>(`${API}/variants`, {
                  query: { ids: ids.join(',') },
                  signal,
                })
              ).items.map((v) => [v.variantId, v.name]),
            )
          : new Map<string, string>(),
      [open, ids.join(',')],
    );
    return (
      <>
        <Button variant="secondary" onClick={() => setOpen(true)}>
          Print labels
        </Button>
        {open && names.error ? <ProblemNotice error={names.error} what="Loading the selected items" onRetry={names.reload} /> : null}
        {open && names.data && !names.loading ? (
          <PrintLabelsDialog
            context={context}
            title={`Print labels of ${ids.length} item${ids.length === 1 ? '' : 's'}`}
            kind="product"
            locationId={context.location.current?.id}
            lines={ids.map((id) => ({ variantId: id, name: names.data?.get(id) ?? id, quantity: 1 }))}
            onClose={() => setOpen(false)}
          />
        ) : null}
      </>
    );
  };
}

/** "Print labels" on a delivery just received: one label per unit that went into stock. */
export function receiptPrintAction(context: OfficePluginContext) {
  return function PrintReceiptLabels({ receipt }: OfficeSlotProps['office.purchasing.receipt.actions']) {
    const [open, setOpen] = useState(false);
    const units = receipt.lines.reduce((sum, line) => sum + line.quantity, 0);
    if (units === 0) return null;
    return (
      <>
        <Button variant="primary" onClick={() => setOpen(true)}>
          Print {units} label{units === 1 ? '' : 's'}
        </Button>
        {open ? (
          <PrintLabelsDialog
            context={context}
            title={`Labels for the delivery on ${receipt.number}`}
            kind="product"
            locationId={receipt.locationId}
            lines={receipt.lines}
            onClose={() => setOpen(false)}
          />
        ) : null}
      </>
    );
  };
}
