import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  Button,
  Card,
  DataTable,
  Field,
  LinkButton,
  PageHeader,
  ProblemNotice,
  TextArea,
  useSubmit,
  type Column,
  Row,
  Stack,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { CATALOG, type ImportPreview, type ImportProblem } from './catalog-api.ts';

const COLUMNS = 'product, sku, unit, tax_class, options, barcodes, currency, price, cost';
type PreviewRow = ImportPreview['products'][number];

/** Saves `blob` as a file the way a link with `download` does. */
function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Import & export: a CSV file is checked first (every problem by line and column, and what it would
 * create); the merchant fixes the lines, in the file or right here, and imports only once nothing
 * is wrong. The whole catalog downloads as CSV in the same columns.
 */
export function importExportPage(context: OfficePluginContext) {
  return function ImportExportPage() {
    const [fileName, setFileName] = useState<string | undefined>(undefined);
    const [csv, setCsv] = useState('');
    const [checked, setChecked] = useState<{ csv: string; preview: ImportPreview } | undefined>(undefined);
    const [imported, setImported] = useState<{ products: number; variants: number } | undefined>(undefined);

    const check = useSubmit(async (text: string) => {
      setImported(undefined);
      const preview = await context.api.post<ImportPreview>(`${CATALOG}/catalog/import/preview`, { csv: text });
      setChecked({ csv: text, preview });
      return preview;
    });
    const importNow = useSubmit(async (text: string) => {
      const result = await context.api.post<{ products: number; variants: number }>(`${CATALOG}/catalog/import`, { csv: text });
      setImported(result);
      setChecked(undefined);
      context.toasts.show(`Imported ${result.products} products`, 'success');
      return result;
    });
    const exportNow = useSubmit(async () => saveFile(await context.api.download(`${CATALOG}/catalog/export`), 'catalog.csv'));

    const onFile = async (event: Event) => {
      const file = (event.currentTarget as HTMLInputElement).files?.[0];
      if (!file) return;
      const text = await file.text();
      setFileName(file.name);
      setCsv(text);
      void check.submit(text);
    };

    const preview = checked?.preview;
    const current = checked?.csv === csv;
    const lines = csv.split(/\r?\n/);
    const problemColumns: Column<ImportProblem & { key: string }>[] = [
      { key: 'line', title: 'Line', width: '70px', align: 'end' },
      { key: 'column', title: 'Column', width: '110px', render: (p) => p.column ?? <span class="k-muted">whole line</span> },
      { key: 'message', title: 'Problem', width: 'minmax(220px, 2fr)' },
      {
        key: 'text',
        title: 'What the line says',
        width: 'minmax(200px, 2fr)',
        render: (p) => <code class="k-truncate">{lines[p.line - 1] ?? ''}</code>,
      },
    ];
    const createColumns: Column<PreviewRow>[] = [
      { key: 'line', title: 'Line', width: '70px', align: 'end' },
      { key: 'name', title: 'Product', width: 'minmax(200px, 2fr)' },
      { key: 'variants', title: 'Variants', width: '90px', align: 'end' },
      { key: 'skus', title: 'SKUs', width: 'minmax(200px, 2fr)', render: (p) => p.skus.join(', ') },
    ];

    return (
      <Stack space={4}>
        <PageHeader
          title="Import & export"
          subtitle="Bring products in from a spreadsheet or another till system, or take the whole catalog out"
          back={{ href: context.href('products'), label: 'Products' }}
        />
        <Card title="Import products from a CSV file">
          <Stack space={3}>
            <p class="k-text k-muted">
              One line per variant, with the columns <code>{COLUMNS}</code>. Lines with the same product name become one product. The file
              is checked first: nothing is imported while any line has a problem.
            </p>
            <Field label="CSV file" name="file" hint={fileName ? `Loaded: ${fileName}` : 'A .csv file, as a spreadsheet saves it'}>
              <input class="k-input" type="file" name="file" accept=".csv,text/csv" onChange={onFile} />
            </Field>
            <Field label="Contents" name="csv" hint="Fix a line here, or in the file and choose it again">
              <TextArea name="csv" value={csv} rows={8} spellcheck={false} onValue={setCsv} class="k-mono" />
            </Field>
            <Row space={3} align="center">
              <Button busy={check.busy} disabled={csv.trim() === ''} onClick={() => check.submit(csv)}>
                {checked && !current ? 'Check again' : 'Check the file'}
              </Button>
              <Button variant="primary" busy={importNow.busy} disabled={!preview?.ready || !current} onClick={() => importNow.submit(csv)}>
                {preview?.ready && current ? `Import ${preview.totals.products} products` : 'Import'}
              </Button>
              {checked && !current && <span class="k-muted">Changed since the check: check it again before importing.</span>}
            </Row>
            {check.error !== undefined && <ProblemNotice error={check.error} what="Checking the file" onRetry={() => check.submit(csv)} />}
            {importNow.error !== undefined && <ProblemNotice error={importNow.error} what="Importing" />}
            {imported && (
              <p role="status" class="k-text">
                <Badge tone="success">Imported</Badge> {imported.products} products with {imported.variants} variants.{' '}
                <a href={context.href('products')}>See them in Products</a>
              </p>
            )}
          </Stack>
        </Card>
        {preview && !preview.ready && (
          <Card title={`${preview.problems.length} ${preview.problems.length === 1 ? 'problem' : 'problems'} to fix`}>
            <Stack space={3}>
              <p role="alert" class="k-text">
                <Badge tone="danger">Not imported</Badge> Fix {preview.problems.length === 1 ? 'this line' : 'these lines'}, then check
                again. Nothing was written.
              </p>
              <DataTable
                label="Problems"
                columns={problemColumns}
                rows={preview.problems.map((problem, i) => ({ ...problem, key: `${i}` }))}
                rowKey={(row) => row.key}
                height={Math.min(400, 40 * (preview.problems.length + 1) + 8)}
              />
            </Stack>
          </Card>
        )}
        {preview?.ready && (
          <Card title="Ready to import">
            <Stack space={3}>
              <p role="status" class="k-text">
                <Badge tone="success">No problems</Badge> {preview.totals.products} products with {preview.totals.variants} variants will be
                created.
              </p>
              <DataTable
                label="Products to create"
                columns={createColumns}
                rows={preview.products}
                rowKey={(row) => `${row.line}`}
                height={Math.min(360, 40 * (preview.products.length + 1) + 8)}
              />
            </Stack>
          </Card>
        )}
        <Card title="Export the catalog">
          <Row space={3} align="center">
            <p class="k-text k-muted k-grow">
              Every variant as a line of a CSV file in the same columns: open it in a spreadsheet, or import it into another shop.
            </p>
            <Button busy={exportNow.busy} onClick={() => exportNow.submit()}>
              Download catalog.csv
            </Button>
            <LinkButton href={context.href('products')} variant="ghost">
              Back to products
            </LinkButton>
          </Row>
          {exportNow.error !== undefined && <ProblemNotice error={exportNow.error} what="Exporting" onRetry={() => exportNow.submit()} />}
        </Card>
      </Stack>
    );
  };
}
