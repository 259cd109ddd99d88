import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Badge, Button, DataTable, EmptyState, PageHeader, ProblemNotice, tableHeight, useResource, type Column } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { LABEL_STOCKS } from '../../shared/label-stock.ts';
import { labelPrinters, PRINTERS_WRITE, type LabelPrinter } from '../labels-api.ts';
import { checkPrinter } from '../printing/send-to-printer.ts';
import { AddPrinterDialog } from './add-printer-dialog.tsx';

const STATE = {
  ok: { tone: 'success', label: 'Ready' },
  error: { tone: 'danger', label: 'Error' },
  unknown: { tone: 'info', label: 'Not checked' },
} as const;

/** The tenant's label printers (devices of kind label-printer) with their status; add one, check one. */
export function printerListPage(context: OfficePluginContext) {
  return function PrinterListPage() {
    const printers = useResource((signal) => labelPrinters(context, signal), []);
    const [adding, setAdding] = useState(false);
    const [checking, setChecking] = useState<string | undefined>();
    const check = async (printer: LabelPrinter) => {
      setChecking(printer.id);
      try {
        const problem = await checkPrinter(context, printer);
        context.toasts.show(problem ?? `Printer ${printer.name} is ready`, problem ? 'danger' : 'success');
      } catch (error) {
        context.toasts.show(error instanceof Error ? error.message : String(error), 'danger');
      } finally {
        setChecking(undefined);
        printers.reload();
      }
    };
    const rows = printers.data ?? [];
    const locationName = (id: string) => context.session.locations.find((l) => l.id === id)?.name ?? '—';
    const columns: Column<LabelPrinter>[] = [
      { key: 'name', title: 'Printer', width: 'minmax(120px, 1.5fr)', render: (p) => <strong>{p.name}</strong> },
      { key: 'location', title: 'Location', width: 'minmax(110px, 1fr)', render: (p) => locationName(p.locationId) },
      { key: 'address', title: 'Address', width: 'minmax(150px, 1.2fr)', render: (p) => p.address ?? '—' },
      {
        key: 'stock',
        title: 'Labels loaded',
        width: 'minmax(160px, 1.5fr)',
        render: (p) => (p.stock ? `${LABEL_STOCKS[p.stock].size}, ${p.dpi} dpi` : '—'),
      },
      {
        key: 'status',
        title: 'Status',
        width: 'minmax(140px, 2fr)',
        render: (p) => (
          <span title={p.status.message ?? undefined}>
            <Badge tone={STATE[p.status.state].tone}>{STATE[p.status.state].label}</Badge>{' '}
            {p.status.message ? <span class="k-muted">{p.status.message}</span> : null}
          </span>
        ),
      },
      {
        key: 'check',
        title: '',
        width: '130px',
        align: 'end',
        render: (p) => (
          <Button size="sm" variant="secondary" busy={checking === p.id} onClick={() => void check(p)}>
            Check status
          </Button>
        ),
      },
    ];
    return (
      <>
        <PageHeader
          title="Label printers"
          subtitle="Zebra printers on the shop's network (raw TCP, port 9100), reached through this computer's hardware agent"
          actions={
            context.session.may(PRINTERS_WRITE) && (
              <Button variant="primary" onClick={() => setAdding(true)}>
                Add label printer
              </Button>
            )
          }
        />
        {printers.error ? <ProblemNotice error={printers.error} what="Loading printers" onRetry={printers.reload} /> : null}
        <DataTable
          label="Label printers"
          columns={columns}
          rows={rows}
          rowKey={(p) => p.id}
          loading={printers.loading}
          height={tableHeight(rows.length)}
          empty={<EmptyState title="No label printer yet">Add the Zebra printers your shops print labels on.</EmptyState>}
        />
        {adding ? (
          <AddPrinterDialog
            context={context}
            onClose={() => setAdding(false)}
            onDone={() => {
              setAdding(false);
              printers.reload();
            }}
          />
        ) : null}
      </>
    );
  };
}
