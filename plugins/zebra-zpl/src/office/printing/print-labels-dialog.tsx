import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Button,
  Dialog,
  Field,
  FormProblem,
  NumberInput,
  ProblemNotice,
  Spinner,
  Stack,
  useResource,
  useSubmit,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import type { LabelKind } from '../../shared/label-template.ts';
import { API, labelPrinters, makeLabels, type Label, type RefusedLabel, type StoredTemplate } from '../labels-api.ts';
import { LabelChoiceFields } from './label-choice-fields.tsx';
import { defaultTemplate, mismatch } from './label-choices.ts';
import { sendToPrinter } from './send-to-printer.ts';

/** A variant to label and how many labels it gets. */
export interface LabelLine {
  readonly variantId: string;
  readonly name: string;
  readonly quantity: number;
}

/** What was sent: the labels the printer took and the variants that got none, with why. */
export interface PrintedBatch {
  readonly labels: readonly Label[];
  readonly refused: readonly RefusedLabel[];
}

const sentLine = (labels: number, printer: string) => `${labels} label${labels === 1 ? '' : 's'} sent to ${printer}.`;

/**
 * Printing a batch of labels: pick the template and the printer, check the counts, print. The
 * server makes the ZPL (variants it cannot print are listed with the reason, the rest still print);
 * the printer's status is asked first, and a printer that cannot print refuses with the reason.
 */
export function PrintLabelsDialog({
  context,
  title,
  lines,
  locationId,
  kind,
  onClose,
}: {
  context: OfficePluginContext;
  title: string;
  lines: readonly LabelLine[];
  /** Prices are this location's, and its printers come first. */
  locationId?: string | undefined;
  kind: LabelKind;
  onClose(): void;
}) {
  const choices = useResource(async (signal) => {
    const [templates, printers] = await Promise.all([
      context.api.get<{ items: StoredTemplate[] }>(`${API}/templates`, { signal }),
      labelPrinters(context, signal),
    ]);
    return { templates: templates.items, printers };
  }, []);
  const [templateId, setTemplateId] = useState<string | undefined>();
  const [printerId, setPrinterId] = useState<string | undefined>();
  const [counts, setCounts] = useState<Record<string, number | undefined>>(() =>
    Object.fromEntries(lines.map((l) => [l.variantId, l.quantity])),
  );
  const [done, setDone] = useState<PrintedBatch | undefined>();

  const templates = choices.data?.templates ?? [];
  const printers = choices.data?.printers ?? [];
  const template = templates.find((t) => t.id === templateId) ?? defaultTemplate(templates, kind);
  const printer = printers.find((p) => p.id === printerId) ?? printers.find((p) => p.locationId === locationId) ?? printers[0];
  const wanted = lines.map((l) => ({ ...l, quantity: counts[l.variantId] ?? 0 })).filter((l) => l.quantity > 0);
  const total = wanted.reduce((sum, l) => sum + l.quantity, 0);

  const print = useSubmit(async () => {
    if (!template) throw new Error('Add a label template first (Labels → Templates).');
    if (!printer) throw new Error('Add a label printer first (Labels → Label printers).');
    if (wanted.length === 0) throw new Error('Enter how many labels to print of at least one item.');
    const batch = await makeLabels(context, {
      templateId: template.id,
      ...(locationId ? { locationId } : {}),
      items: wanted.map((l) => ({ variantId: l.variantId, quantity: l.quantity })),
    });
    if (batch.labels.length > 0) await sendToPrinter(context, printer, batch.labels.map((l) => l.zpl).join(''));
    const printed = batch.labels.reduce((sum, l) => sum + l.quantity, 0);
    if (printed > 0) context.toasts.show(sentLine(printed, printer.name), 'success');
    setDone(batch);
  });

  const nameOf = (variantId: string) => lines.find((l) => l.variantId === variantId)?.name ?? variantId;
  const warning = mismatch(template, printer);
  return (
    <Dialog
      open
      title={title}
      onClose={onClose}
      footer={
        done ? (
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        ) : (
          <>
            <Button variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button variant="primary" busy={print.busy} onClick={() => void print.submit()} disabled={!choices.data}>
              Print {total} label{total === 1 ? '' : 's'}
            </Button>
          </>
        )
      }
    >
      {!choices.data && !choices.error ? <Spinner label="Loading templates and printers" /> : null}
      {choices.error ? <ProblemNotice error={choices.error} what="Loading templates and printers" onRetry={choices.reload} /> : null}
      {choices.data && !done ? (
        <Stack>
          <FormProblem>{print.problems['']}</FormProblem>
          <LabelChoiceFields
            templates={templates}
            template={template}
            onTemplate={setTemplateId}
            printers={printers}
            printer={printer}
            onPrinter={setPrinterId}
            locationId={locationId}
            warning={warning}
          />
          {lines.map((line) => (
            <Field key={line.variantId} label={`Labels of ${line.name}`} name={`count-${line.variantId}`}>
              <NumberInput
                name={`count-${line.variantId}`}
                value={counts[line.variantId]}
                onValue={(value) => setCounts((before) => ({ ...before, [line.variantId]: value }))}
                min={0}
                max={10000}
              />
            </Field>
          ))}
        </Stack>
      ) : null}
      {done ? (
        <Stack>
          <p role="status">
            {sentLine(
              done.labels.reduce((sum, l) => sum + l.quantity, 0),
              printer?.name ?? 'the printer',
            )}
          </p>
          {done.refused.length > 0 ? (
            <div role="alert">
              <p>These got no label:</p>
              <ul aria-label="Not printed">
                {done.refused.map((r) => (
                  <li key={r.variantId}>{r.reason || nameOf(r.variantId)}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </Stack>
      ) : null}
    </Dialog>
  );
}
