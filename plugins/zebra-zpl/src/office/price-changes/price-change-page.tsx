import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Button,
  ConfirmDialog,
  DataTable,
  DateTime,
  EmptyState,
  FormProblem,
  Money,
  PageHeader,
  ProblemNotice,
  Card,
  Columns,
  Row,
  Stack,
  tableHeight,
  useResource,
  useSubmit,
  type Column,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { API, labelPrinters, makeLabels, PRINT, type Label, type RefusedLabel, type StoredTemplate } from '../labels-api.ts';
import { LabelChoiceFields } from '../printing/label-choice-fields.tsx';
import { defaultTemplate, mismatch } from '../printing/label-choices.ts';
import { sendToPrinter } from '../printing/send-to-printer.ts';

interface StaleShelf {
  readonly variantId: string;
  readonly locationId: string | null;
  readonly productName: string;
  readonly sku: string;
  readonly price: { readonly amount: number; readonly currency: string };
  readonly labelledPrice: { readonly amount: number; readonly currency: string } | null;
  readonly staleSince: string;
}

const shelfKey = (shelf: { variantId: string; locationId: string | null }) => `${shelf.variantId}@${shelf.locationId ?? 'all'}`;

/**
 * The price-change queue: shelves whose label shows an old price, printed as one batch. After the
 * printer took the labels, the person confirms they came out and the shelves leave the queue.
 */
export function priceChangePage(context: OfficePluginContext) {
  return function PriceChangePage() {
    const locationId = context.location.current?.id;
    const data = useResource(
      async (signal) => {
        const [queue, templates, printers] = await Promise.all([
          context.api.get<{ items: StaleShelf[] }>(`${API}/price-changes`, { query: { locationId, limit: 5000 }, signal }),
          context.api.get<{ items: StoredTemplate[] }>(`${API}/templates`, { signal }),
          labelPrinters(context, signal),
        ]);
        return { queue: queue.items, templates: templates.items, printers };
      },
      [locationId],
    );
    const [templateId, setTemplateId] = useState<string | undefined>();
    const [printerId, setPrinterId] = useState<string | undefined>();
    const [sent, setSent] = useState<{ labels: readonly Label[]; refused: readonly RefusedLabel[]; printer: string } | undefined>();
    const [refused, setRefused] = useState<readonly RefusedLabel[]>([]);

    const queue = data.data?.queue ?? [];
    const templates = data.data?.templates ?? [];
    const printers = data.data?.printers ?? [];
    const template = templates.find((t) => t.id === templateId) ?? defaultTemplate(templates, 'shelf');
    const printer = printers.find((p) => p.id === printerId) ?? printers.find((p) => p.locationId === locationId) ?? printers[0];
    const locationName = (id: string | null) =>
      id === null ? 'All shops' : (context.session.locations.find((l) => l.id === id)?.name ?? '—');

    const print = useSubmit(async () => {
      if (!template) throw new Error('Add a label template first (Labels → Templates).');
      if (!printer) throw new Error('Add a label printer first (Labels → Label printers).');
      const batch = await makeLabels(context, {
        templateId: template.id,
        items: queue.map((shelf) => ({ variantId: shelf.variantId, quantity: 1, locationId: shelf.locationId })),
      });
      setRefused(batch.refused);
      if (batch.labels.length === 0) throw new Error('None of these shelves can be printed with this template: see why below.');
      await sendToPrinter(context, printer, batch.labels.map((l) => l.zpl).join(''));
      setSent({ ...batch, printer: printer.name });
    });
    const confirm = useSubmit(async () => {
      if (!sent) return;
      const answer = await context.api.post<{ printed: unknown[]; stillStale: unknown[] }>(`${API}/price-changes/printed`, {
        items: sent.labels
          .filter((l) => l.price)
          .map((l) => ({ variantId: l.variantId, locationId: l.locationId, amount: l.price!.amount })),
      });
      context.toasts.show(
        `${answer.printed.length} shelf label${answer.printed.length === 1 ? '' : 's'} marked printed` +
          (answer.stillStale.length > 0 ? `; ${answer.stillStale.length} changed price again and stay in the queue` : ''),
        'success',
      );
      setSent(undefined);
      data.reload();
    });

    const columns: Column<StaleShelf>[] = [
      { key: 'product', title: 'Product', width: 'minmax(160px, 2fr)', render: (s) => <strong>{s.productName}</strong> },
      { key: 'sku', title: 'SKU', width: 'minmax(100px, 1fr)' },
      { key: 'where', title: 'Shelves', width: 'minmax(100px, 1fr)', render: (s) => locationName(s.locationId) },
      {
        key: 'old',
        title: 'On the label',
        width: '110px',
        align: 'end',
        render: (s) =>
          s.labelledPrice ? (
            <Money amount={s.labelledPrice.amount} currency={s.labelledPrice.currency} />
          ) : (
            <span class="k-muted">unknown</span>
          ),
      },
      {
        key: 'now',
        title: 'Price now',
        width: '110px',
        align: 'end',
        render: (s) => <Money amount={s.price.amount} currency={s.price.currency} />,
      },
      { key: 'since', title: 'Changed', width: 'minmax(130px, 1fr)', render: (s) => <DateTime value={s.staleSince} /> },
    ];
    const mayPrint = context.session.may(PRINT);
    const warning = mismatch(template, printer);
    return (
      <Stack space={4}>
        <PageHeader title="Price changes" subtitle="Shelves whose label shows an old price: print their new labels in one batch" />
        {data.error ? <ProblemNotice error={data.error} what="Loading the price changes" onRetry={data.reload} /> : null}
        {mayPrint && queue.length > 0 ? (
          <Card title="Print the queue">
            <Stack>
              <Columns min="medium">
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
              </Columns>
              <Row>
                <Button variant="primary" busy={print.busy} onClick={() => void print.submit()}>
                  Print {queue.length} shelf label{queue.length === 1 ? '' : 's'}
                </Button>
              </Row>
              <FormProblem>{print.problems['']}</FormProblem>
            </Stack>
          </Card>
        ) : null}
        {refused.length > 0 ? (
          <div role="alert">
            <p>These shelves got no label:</p>
            <ul aria-label="Not printed">
              {refused.map((r) => (
                <li key={r.variantId}>{r.reason}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <DataTable
          label="Stale shelf labels"
          columns={columns}
          rows={queue}
          rowKey={shelfKey}
          loading={data.loading}
          height={tableHeight(queue.length)}
          empty={<EmptyState title="Every shelf label shows its price">When a price changes, its shelves are listed here.</EmptyState>}
        />
        {sent ? (
          <ConfirmDialog
            open
            title="Did the labels print?"
            message={`${sent.labels.length} shelf label${sent.labels.length === 1 ? ' was' : 's were'} sent to ${sent.printer}. Once they came out, mark the shelves printed: they leave the queue.`}
            confirmLabel="They printed — mark done"
            busy={confirm.busy}
            {...(confirm.problems[''] ? { problem: confirm.problems[''] } : {})}
            onCancel={() => setSent(undefined)}
            onConfirm={() => void confirm.submit()}
          />
        ) : null}
      </Stack>
    );
  };
}
