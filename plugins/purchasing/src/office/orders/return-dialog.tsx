import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Button, Dialog, Field, NumberInput, TextInput, useSubmit, FormProblem, Stack } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { API, returnable, type Order } from '../purchasing-api.ts';
import { newId } from './receive-dialog.tsx';

/** Sending units back to the supplier: never more than the order put into stock and has not returned. */
export function ReturnDialog({
  context,
  order,
  onClose,
  onDone,
}: {
  context: OfficePluginContext;
  order: Order;
  onClose(): void;
  onDone(): void;
}) {
  const lines = order.lines.filter((l) => returnable(l) > 0);
  const [quantities, setQuantities] = useState<Record<string, number | undefined>>({});
  const [reason, setReason] = useState('');
  const [returnId] = useState(newId);
  const [missing, setMissing] = useState(false);
  const entered = lines.filter((l) => (quantities[l.variantId] ?? 0) > 0);
  const save = useSubmit(async () => {
    await context.api.post(`${API}/purchase-orders/${order.id}/returns`, {
      id: returnId,
      reason,
      lines: entered.map((l) => ({ variantId: l.variantId, quantity: quantities[l.variantId] })),
    });
    context.toasts.show(`Return to ${order.supplierName} recorded`, 'success');
    onDone();
  });
  return (
    <Dialog
      open
      title={`Return goods to ${order.supplierName}`}
      onClose={onClose}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant="danger"
            busy={save.busy}
            onClick={() => {
              setMissing(entered.length === 0);
              if (entered.length > 0) void save.submit();
            }}
          >
            Return to supplier
          </Button>
        </>
      }
    >
      <Stack>
        {missing ? <FormProblem>Enter how many units go back of at least one item.</FormProblem> : null}
        <FormProblem>{save.problems['']}</FormProblem>
        <Field
          label="Reason"
          name="reason"
          required
          hint="The supplier sees it on the return: faulty, wrong item, past its date"
          problem={save.problems['reason']}
        >
          <TextInput name="reason" value={reason} onValue={setReason} invalid={!!save.problems['reason']} />
        </Field>
        {lines.map((line) => (
          <Field
            key={line.variantId}
            label={`Units of ${line.name} to return`}
            name={`return-${line.lineNo}`}
            hint={`${returnable(line)} in stock from this order`}
            problem={entered.includes(line) ? save.problems[`lines.${entered.indexOf(line)}.quantity`] : undefined}
          >
            <NumberInput
              name={`return-${line.lineNo}`}
              value={quantities[line.variantId]}
              onValue={(n) => setQuantities((before) => ({ ...before, [line.variantId]: n }))}
              min={0}
              max={returnable(line)}
            />
          </Field>
        ))}
      </Stack>
    </Dialog>
  );
}
