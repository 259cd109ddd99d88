import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Badge, DataTable, EmptyState, LinkButton, PageHeader, ProblemNotice, tableHeight, useResource, type Column } from '@kits/ui-kit';
import { SYMBOLOGY_NAMES } from '../../shared/barcode-codes.ts';
import { LABEL_STOCKS } from '../../shared/label-stock.ts';
import { LABEL_KIND_NAMES } from '../../shared/label-template.ts';
import { API, TEMPLATES_WRITE, type StoredTemplate } from '../labels-api.ts';

/** The tenant's label templates; each opens in the editor. */
export function templateListPage(context: OfficePluginContext) {
  return function TemplateListPage() {
    const templates = useResource((signal) => context.api.get<{ items: StoredTemplate[] }>(`${API}/templates`, { signal }), []);
    const rows = templates.data?.items ?? [];
    const columns: Column<StoredTemplate>[] = [
      { key: 'name', title: 'Template', width: 'minmax(160px, 2fr)', render: (t) => <strong>{t.name}</strong> },
      { key: 'kind', title: 'Kind', width: 'minmax(130px, 1fr)', render: (t) => <Badge tone="info">{LABEL_KIND_NAMES[t.kind]}</Badge> },
      { key: 'stock', title: 'Size', width: 'minmax(120px, 1fr)', render: (t) => LABEL_STOCKS[t.stock].size },
      { key: 'dpi', title: 'Resolution', width: '100px', align: 'end', render: (t) => `${t.dpi} dpi` },
      { key: 'symbology', title: 'Barcode', width: 'minmax(100px, 1fr)', render: (t) => SYMBOLOGY_NAMES[t.symbology] },
    ];
    return (
      <>
        <PageHeader
          title="Label templates"
          subtitle="Shelf labels, product labels and jewellery tags, as your Zebra printers print them"
          actions={
            context.session.may(TEMPLATES_WRITE) && (
              <LinkButton href={context.href('templates/new')} variant="primary">
                New template
              </LinkButton>
            )
          }
        />
        {templates.error ? <ProblemNotice error={templates.error} what="Loading templates" onRetry={templates.reload} /> : null}
        <DataTable
          label="Label templates"
          columns={columns}
          rows={rows}
          rowKey={(t) => t.id}
          rowHref={(t) => context.href(`templates/${t.id}`)}
          loading={templates.loading}
          height={tableHeight(rows.length)}
          empty={<EmptyState title="No label templates">Add one for your shelf labels.</EmptyState>}
        />
      </>
    );
  };
}
