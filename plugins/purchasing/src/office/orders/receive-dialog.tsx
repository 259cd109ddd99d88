import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Button, Dialog, Field, NumberInput, TextInput, useSubmit, Columns, FormProblem, Stack } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { API, outstanding, type Order, type OrderLine } from '../purchasing-api.ts';

/** What receiving answers that the order page passes on (to `office.purchasing.receipt.actions`). */
export interface ReceiptAnswer {
  readonly id: string;
  readonly lines: ReadonlyArray<{ readonly variantId: string; readonly quantity: number }>;
}

type Counts = Record<string, { quantity: number | undefined; damaged: number | undefined }>;

/** The receipt's id is chosen once per dialog: a retried click answers the same and never receives twice. */
export const newId = (): string => crypto.randomUUID();

/**
 * Receiving a delivery: per line how many came in good (into stock at the order's cost) and how
 * many came damaged (recorded for a claim). What is not entered stays outstanding for later.
 */
export function ReceiveDialog({
  context,
  order,
  onClose,
  onDone,
}: {
  context: OfficePluginContext;
  order: Order;
  onClose(): void;
  /** The receipt as the API answered it: its id and the units received per variant. */
  onDone(receipt: ReceiptAnswer): void;
}) {
  const open = order.lines.filter((l) => outstanding(l) > 0);
  const [counts, setCounts] = useState<Counts>({});
  const [note, setNote] = useState('');
  const [receiptId] = useState(newId);
  const [missing, setMissing] = useState(false);
  const entered = open.filter((l) => (counts[l.variantId]?.quantity ?? 0) + (counts[l.variantId]?.damaged ?? 0) > 0);
  const save = useSubmit(async () => {
    const receipt = await context.api.post<ReceiptAnswer>(`${API}/purchase-orders/${order.id}/receipts`, {
      id: receiptId,
      lines: entered.map((l) => ({
        variantId: l.variantId,
        quantity: counts[l.variantId]?.quantity ?? 0,
        damaged: counts[l.variantId]?.damaged ?? 0,
      })),
      ...(note.trim() ? { note } : {}),
    });
    context.toasts.show(`Delivery on ${order.number} received`, 'success');
    onDone(receipt);
  });
  // The API names lines by their place in what was sent; show each problem beside its line.
  const problemOf = (line: OrderLine, field: string) => {
    const at = entered.indexOf(line);
    return at < 0 ? undefined : save.problems[`lines.${at}.${field}`];
  };
  const set = (line: OrderLine, patch: Partial<Counts[string]>) =>
    setCounts((before) => ({
      ...before,
      [line.variantId]: { quantity: undefined, damaged: undefined, ...before[line.variantId], ...patch },
    }));
  return (
    <Dialog
      open
      title={`Receive a delivery on ${order.number}`}
      onClose={onClose}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant="secondary"
            onClick={() => setCounts(Object.fromEntries(open.map((l) => [l.variantId, { quantity: outstanding(l), damaged: 0 }])))}
          >
            Everything outstanding came
          </Button>
          <Button
            variant="primary"
            busy={save.busy}
            onClick={() => {
              setMissing(entered.length === 0);
              if (entered.length > 0) void save.submit();
            }}
          >
            Receive
          </Button>
        </>
      }
    >
      <Stack>
        {missing ? <FormProblem>Enter how many units came of at least one item.</FormProblem> : null}
        <FormProblem>{save.problems['']}</FormProblem>
        {open.map((line) => (
          <fieldset key={line.variantId} class="k-fieldset" aria-label={line.name}>
            <legend>
              {line.name}{' '}
              <span class="k-muted">
                · {outstanding(line)} of {line.orderedQuantity} still to come
              </span>
            </legend>
            <Columns min="narrow">
              <Field label="Good units" name={`good-${line.lineNo}`} problem={problemOf(line, 'quantity')}>
                <NumberInput
                  name={`good-${line.lineNo}`}
                  value={counts[line.variantId]?.quantity}
                  onValue={(quantity) => set(line, { quantity })}
                  min={0}
                />
              </Field>
              <Field label="Damaged units" name={`damaged-${line.lineNo}`} problem={problemOf(line, 'damaged')}>
                <NumberInput
                  name={`damaged-${line.lineNo}`}
                  value={counts[line.variantId]?.damaged}
                  onValue={(damaged) => set(line, { damaged })}
                  min={0}
                />
              </Field>
            </Columns>
          </fieldset>
        ))}
        <Field label="Note" name="note" hint="Optional: the delivery note's number, who delivered" problem={save.problems['note']}>
          <TextInput name="note" value={note} onValue={setNote} />
        </Field>
      </Stack>
    </Dialog>
  );
}
