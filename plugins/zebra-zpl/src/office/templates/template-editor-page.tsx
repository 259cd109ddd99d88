import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Button,
  Card,
  Checkbox,
  Columns,
  ConfirmDialog,
  Field,
  FormProblem,
  PageHeader,
  ProblemNotice,
  Select,
  Spinner,
  Stack,
  TextInput,
  useResource,
  useSubmit,
} from '@kits/ui-kit';
import { useEffect, useState } from 'preact/hooks';
import { SYMBOLOGIES, SYMBOLOGY_NAMES, type Symbology } from '../../shared/barcode-codes.ts';
import { LABEL_STOCK_IDS, LABEL_STOCKS, PRINT_RESOLUTIONS, type LabelStockId, type PrintResolution } from '../../shared/label-stock.ts';
import { LABEL_KIND_NAMES, LABEL_KINDS, STARTER_TEMPLATES, type LabelKind, type LabelTemplate } from '../../shared/label-template.ts';
import { labelZpl } from '../../shared/label-zpl.ts';
import { API, TEMPLATES_WRITE, type StoredTemplate } from '../labels-api.ts';
import { LabelPreview } from './label-preview.tsx';
import { sampleProduct } from './sample-product.ts';

const KIND_OPTIONS = LABEL_KINDS.map((kind) => ({ value: kind, label: LABEL_KIND_NAMES[kind] }));
const STOCK_OPTIONS = LABEL_STOCK_IDS.map((id) => ({ value: id, label: LABEL_STOCKS[id].name }));
const DPI_OPTIONS = PRINT_RESOLUTIONS.map((dpi) => ({
  value: String(dpi),
  label: `${dpi} dpi (${{ 203: 8, 300: 12, 600: 24 }[dpi]} dots/mm)`,
}));
const BARCODE_OPTIONS = SYMBOLOGIES.map((s) => ({ value: s, label: SYMBOLOGY_NAMES[s] }));

/**
 * A label template's editor: what goes on the label, the label size and resolution, the barcode;
 * beside it the label drawn from its own ZPL (zpl-renderer-js) with a sample product, as it changes.
 */
export function templateEditorPage(context: OfficePluginContext) {
  return function TemplateEditorPage({ params }: OfficePageProps) {
    const templateId = params['templateId'];
    const stored = useResource(
      async (signal) => (templateId ? context.api.get<StoredTemplate>(`${API}/templates/${templateId}`, { signal }) : undefined),
      [templateId],
    );
    const [draft, setDraft] = useState<LabelTemplate>({ ...STARTER_TEMPLATES[0]!, name: '' });
    const [confirmDelete, setConfirmDelete] = useState(false);
    useEffect(() => {
      if (stored.data) {
        const { name, kind, stock, dpi, symbology, showPrice, showSku } = stored.data;
        setDraft({ name, kind, stock, dpi, symbology, showPrice, showSku });
      }
    }, [stored.data]);
    const mayEdit = context.session.may(TEMPLATES_WRITE);
    const change = (patch: Partial<LabelTemplate>) => setDraft((before) => ({ ...before, ...patch }));
    const save = useSubmit(async () => {
      const saved = templateId
        ? await context.api.put<StoredTemplate>(`${API}/templates/${templateId}`, draft)
        : await context.api.post<StoredTemplate>(`${API}/templates`, draft);
      context.toasts.show(`Template ${saved.name} saved`, 'success');
      context.navigate(`/zebra-zpl/templates`);
    });
    const remove = useSubmit(async () => {
      await context.api.delete(`${API}/templates/${templateId}`);
      context.toasts.show(`Template ${draft.name} removed`, 'success');
      context.navigate(`/zebra-zpl/templates`);
    });

    if (stored.error) return <ProblemNotice error={stored.error} what="Loading the template" onRetry={stored.reload} />;
    if (templateId && !stored.data) return <Spinner label="Loading the template" />;

    const currency = context.location.current?.currency ?? context.session.locations[0]?.currency ?? 'EUR';
    const zpl = labelZpl(draft, sampleProduct(draft.symbology, currency), { locale: context.session.locale });
    const title = templateId ? `Edit ${stored.data?.name ?? 'template'}` : 'New label template';
    return (
      <Stack space={4}>
        <PageHeader
          title={title}
          back={{ href: context.href('templates'), label: 'Label templates' }}
          actions={
            mayEdit && (
              <>
                {templateId ? (
                  <Button variant="ghost" onClick={() => setConfirmDelete(true)}>
                    Remove template
                  </Button>
                ) : null}
                <Button variant="primary" busy={save.busy} onClick={() => void save.submit()}>
                  Save template
                </Button>
              </>
            )
          }
        />
        <Columns min="wide">
          <Card title="Template">
            <Stack>
              <FormProblem>{save.problems[''] ?? remove.problems['']}</FormProblem>
              <Field label="Name" name="name" problem={save.problems['name']}>
                <TextInput name="name" value={draft.name} onValue={(name) => change({ name })} />
              </Field>
              <Field label="Kind" name="kind">
                <Select name="kind" value={draft.kind} options={KIND_OPTIONS} onValue={(kind) => change({ kind: kind as LabelKind })} />
              </Field>
              <Field label="Label size" name="stock">
                <Select
                  name="stock"
                  value={draft.stock}
                  options={STOCK_OPTIONS}
                  onValue={(stock) => change({ stock: stock as LabelStockId })}
                />
              </Field>
              <Field label="Printer resolution" name="dpi">
                <Select
                  name="dpi"
                  value={String(draft.dpi)}
                  options={DPI_OPTIONS}
                  onValue={(dpi) => change({ dpi: Number(dpi) as PrintResolution })}
                />
              </Field>
              <Field label="Barcode" name="symbology" hint="EAN-13 and UPC-A labels are refused for products whose code is not one">
                <Select
                  name="symbology"
                  value={draft.symbology}
                  options={BARCODE_OPTIONS}
                  onValue={(s) => change({ symbology: s as Symbology })}
                />
              </Field>
              <Checkbox name="showPrice" checked={draft.showPrice} onValue={(showPrice) => change({ showPrice })} label="Print the price" />
              <Checkbox name="showSku" checked={draft.showSku} onValue={(showSku) => change({ showSku })} label="Print the SKU" />
            </Stack>
          </Card>
          <Card title="Preview">
            <Stack>
              <LabelPreview zpl={zpl} template={draft} alt={`Preview of ${draft.name || 'the new template'}`} />
              <details>
                <summary>ZPL sent to the printer</summary>
                <pre aria-label="ZPL">{zpl}</pre>
              </details>
            </Stack>
          </Card>
        </Columns>
        {confirmDelete ? (
          <ConfirmDialog
            open
            title="Remove the template"
            message={`${draft.name} will no longer be offered for printing.`}
            confirmLabel="Remove template"
            tone="danger"
            onCancel={() => setConfirmDelete(false)}
            onConfirm={() => {
              setConfirmDelete(false);
              void remove.submit();
            }}
          />
        ) : null}
      </Stack>
    );
  };
}
