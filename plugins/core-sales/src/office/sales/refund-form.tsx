import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { formatMoney } from '@kits/plugin-sdk/money';
import { Button, Checkbox, Dialog, Field, Money, NumberInput, ProblemNotice, Select, TextArea, useKit, useSubmit } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { refundedUpTo, refundShare } from '../../shared/refund-share.ts';
import { SALES_API, tenderName, type Refund, type Sale, type SaleLine } from '../sales-api.ts';

/** What `quantity` more units of a line give back, by the server's own rule; undefined when more than is left. */
function shareOf(line: SaleLine, quantity: number) {
  return refundShare(
    { quantity: line.quantity, total: line.total, taxes: line.taxes, refunded: refundedUpTo(line, line.refundedQuantity) },
    quantity,
  );
}

/**
 * Refund lines of a sale from the back office: the same POST /refunds the till uses, so the same
 * permissions and limits (never more than was sold or paid; another tender than the sale's needs
 * core-sales:refund.other-tender). The amount shown is reckoned as the server reckons it.
 */
export function RefundDialog({
  context,
  sale,
  open,
  onClose,
  onRefunded,
}: {
  context: OfficePluginContext;
  sale: Sale;
  open: boolean;
  onClose(): void;
  onRefunded(refund: Refund): void;
}) {
  const { locale } = useKit();
  const [quantities, setQuantities] = useState<Record<number, number | undefined>>({});
  const [reason, setReason] = useState('');
  const [restock, setRestock] = useState(true);
  const [tender, setTender] = useState('');
  const [nothingChosen, setNothingChosen] = useState(false);

  const chosen = sale.lines.filter((line) => (quantities[line.lineNo] ?? 0) > 0);
  const shares = chosen.map((line) => shareOf(line, quantities[line.lineNo]!));
  const total = shares.every(Boolean) ? shares.reduce((sum, share) => sum + share!.amount, 0) : undefined;
  const methods = [
    ...new Set([
      ...sale.tenders.map((t) => t.method),
      ...(context.session.may('core-sales:refund.other-tender', sale.locationId) ? ['cash', 'card'] : []),
    ]),
  ];

  const { submit, busy, error, problems } = useSubmit(() =>
    context.api.post<Refund>(`${SALES_API}/refunds`, {
      saleId: sale.id,
      lines: chosen.map((line) => ({ lineNo: line.lineNo, quantity: quantities[line.lineNo]! })),
      reason: reason.trim(),
      restock,
      ...(tender && total !== undefined ? { tenders: [{ method: tender, amount: total }] } : {}),
    }),
  );
  // The server names the lines of the request by their place in it; the form shows each beside its line.
  const lineProblem = (line: SaleLine) => {
    const index = chosen.indexOf(line);
    return index < 0 ? undefined : (problems[`lines.${index}.quantity`] ?? problems[`lines.${index}.lineNo`] ?? problems[`lines.${index}`]);
  };
  const tenderProblem = problems['tenders'] ?? problems['tenders.0.method'] ?? problems['tenders.0.amount'];
  const besideFields =
    chosen.some((line) => lineProblem(line) !== undefined) || problems['reason'] !== undefined || tenderProblem !== undefined;

  const send = async () => {
    if (chosen.length === 0) {
      setNothingChosen(true);
      return;
    }
    setNothingChosen(false);
    const refund = await submit();
    if (refund) {
      setQuantities({});
      setReason('');
      onRefunded(refund);
    }
  };

  return (
    <Dialog
      open={open}
      title={`Refund from receipt ${sale.receiptNumber ?? ''}`.trim()}
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="danger" busy={busy} onClick={() => void send()}>
            {total ? `Refund ${formatMoney(total, sale.currency, locale)}` : 'Refund'}
          </Button>
        </>
      }
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        {nothingChosen && <p role="alert">Type how many of an item come back.</p>}
        {error !== undefined && !besideFields && <ProblemNotice error={error} what="Refunding" />}
        {sale.lines.map((line) => {
          const left = line.quantity - line.refundedQuantity;
          const typed = quantities[line.lineNo];
          const share = typed ? shareOf(line, typed) : undefined;
          return (
            <Field
              key={line.lineNo}
              label={`${line.name} — quantity to refund`}
              name={`line-${line.lineNo}`}
              hint={
                left === 0
                  ? `All ${line.quantity} refunded already`
                  : `${left} of ${line.quantity} left to refund${share ? ` · gives back ${formatMoney(share.amount, sale.currency, locale)}` : ''}`
              }
              problem={lineProblem(line)}
            >
              <NumberInput
                name={`line-${line.lineNo}`}
                value={typed}
                min={0}
                onValue={(quantity) => setQuantities((all) => ({ ...all, [line.lineNo]: quantity }))}
              />
            </Field>
          );
        })}
        <Field label="Reason" name="reason" required problem={problems['reason']}>
          <TextArea name="reason" value={reason} onValue={setReason} placeholder="e.g. Wrong size" />
        </Field>
        <Checkbox name="restock" checked={restock} onValue={setRestock} label="Put the items back on sale (restock)" />
        <Field label="Give the money back as" name="tender" problem={tenderProblem}>
          <Select
            name="tender"
            value={tender}
            onValue={setTender}
            options={[{ value: '', label: 'How they paid' }, ...methods.map((method) => ({ value: method, label: tenderName(method) }))]}
          />
        </Field>
        {total !== undefined && total > 0 && (
          <p>
            Refund total: <Money amount={total} currency={sale.currency} />
          </p>
        )}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
