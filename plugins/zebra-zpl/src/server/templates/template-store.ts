import { conflict, notFound, type TenantTransaction } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { STARTER_TEMPLATES, type LabelTemplate } from '../../shared/label-template.ts';

/** A stored template: its id and when it last changed. */
export interface StoredTemplate extends LabelTemplate {
  readonly id: string;
  readonly updatedAt: string;
}

interface TemplateRow {
  template_id: string;
  name: string;
  kind: LabelTemplate['kind'];
  stock: LabelTemplate['stock'];
  dpi: number;
  symbology: LabelTemplate['symbology'];
  show_price: boolean;
  show_sku: boolean;
  updated_at: Date | string;
}

const COLUMNS = 'template_id, name, kind, stock, dpi, symbology, show_price, show_sku, updated_at';

const fromRow = (row: TemplateRow): StoredTemplate => ({
  id: row.template_id,
  name: row.name,
  kind: row.kind,
  stock: row.stock,
  dpi: row.dpi as LabelTemplate['dpi'],
  symbology: row.symbology,
  showPrice: row.show_price,
  showSku: row.show_sku,
  updatedAt: new Date(row.updated_at).toISOString(),
});

/** The tenant's templates by name; a tenant that has none yet gets the starter set first. */
export async function listTemplates(tx: TenantTransaction): Promise<StoredTemplate[]> {
  const rows = await tx.query<TemplateRow>(`select ${COLUMNS} from zebra.templates order by lower(name), template_id`);
  return rows.map(fromRow);
}

/** The starter templates (shelf, product, jewellery tag), once per tenant. */
export async function addStarterTemplates(tx: TenantTransaction): Promise<void> {
  const [any] = await tx.query('select 1 from zebra.templates limit 1');
  if (any) return;
  for (const template of STARTER_TEMPLATES) await insertTemplate(tx, template);
}

export async function readTemplate(tx: TenantTransaction, id: string): Promise<StoredTemplate> {
  const [row] = await tx.query<TemplateRow>(`select ${COLUMNS} from zebra.templates where template_id = $1`, [id]);
  if (!row) throw notFound('zebra.unknown_template', `There is no label template ${id}: pick one from the list of templates.`);
  return fromRow(row);
}

async function nameTaken(tx: TenantTransaction, name: string, except: string | null): Promise<void> {
  const [taken] = await tx.query('select 1 from zebra.templates where lower(name) = lower($1) and template_id is distinct from $2', [
    name,
    except,
  ]);
  if (taken) throw conflict('zebra.duplicate_template_name', `A template is already called "${name}": give this one another name.`);
}

async function insertTemplate(tx: TenantTransaction, template: LabelTemplate): Promise<string> {
  const id = uuidv7();
  await tx.query(
    `insert into zebra.templates (tenant_id, template_id, name, kind, stock, dpi, symbology, show_price, show_sku)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [tx.tenantId, id, template.name, template.kind, template.stock, template.dpi, template.symbology, template.showPrice, template.showSku],
  );
  return id;
}

export async function createTemplate(tx: TenantTransaction, template: LabelTemplate): Promise<StoredTemplate> {
  await nameTaken(tx, template.name, null);
  const id = await insertTemplate(tx, template);
  await tx.audit('zebra.template.created', { templateId: id, ...template });
  return readTemplate(tx, id);
}

export async function updateTemplate(tx: TenantTransaction, id: string, template: LabelTemplate): Promise<StoredTemplate> {
  await readTemplate(tx, id);
  await nameTaken(tx, template.name, id);
  await tx.query(
    `update zebra.templates set name = $2, kind = $3, stock = $4, dpi = $5, symbology = $6, show_price = $7, show_sku = $8, updated_at = now()
     where template_id = $1`,
    [id, template.name, template.kind, template.stock, template.dpi, template.symbology, template.showPrice, template.showSku],
  );
  await tx.audit('zebra.template.updated', { templateId: id, ...template });
  return readTemplate(tx, id);
}

export async function deleteTemplate(tx: TenantTransaction, id: string): Promise<void> {
  await readTemplate(tx, id);
  await tx.query('delete from zebra.templates where template_id = $1', [id]);
  await tx.audit('zebra.template.deleted', { templateId: id });
}
