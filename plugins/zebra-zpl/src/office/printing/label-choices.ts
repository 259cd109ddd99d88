import type { SelectOption } from '@kits/ui-kit';
import { LABEL_STOCKS } from '../../shared/label-stock.ts';
import { LABEL_KIND_NAMES } from '../../shared/label-template.ts';
import type { LabelPrinter, StoredTemplate } from '../labels-api.ts';

/** Templates as a select lists them: "Shelf label — 2.25" × 1.25", 203 dpi". */
export const templateOptions = (templates: readonly StoredTemplate[]): SelectOption[] =>
  templates.map((t) => ({ value: t.id, label: `${t.name} (${LABEL_KIND_NAMES[t.kind]}, ${t.dpi} dpi)` }));

/** Printers as a select lists them, those at `locationId` first. */
export function printerOptions(printers: readonly LabelPrinter[], locationId?: string): SelectOption[] {
  const sorted = [...printers].sort(
    (a, b) => Number(b.locationId === locationId) - Number(a.locationId === locationId) || a.name.localeCompare(b.name),
  );
  return sorted.map((p) => ({ value: p.id, label: `${p.name}${p.address ? ` — ${p.address}` : ''}` }));
}

/**
 * Whether the template fits what is loaded in the printer: a warning to show (undefined: fine, or
 * nothing known about the printer).
 */
export function mismatch(template: StoredTemplate | undefined, printer: LabelPrinter | undefined): string | undefined {
  if (!template || !printer || printer.stock === null || printer.dpi === null) return undefined;
  const problems: string[] = [];
  if (printer.stock !== template.stock)
    problems.push(
      `${printer.name} has ${LABEL_STOCKS[printer.stock].size} labels loaded, the template is for ${LABEL_STOCKS[template.stock].size}`,
    );
  if (printer.dpi !== template.dpi)
    problems.push(`${printer.name} prints at ${printer.dpi} dpi, the template is made for ${template.dpi} dpi`);
  return problems.length > 0 ? `${problems.join('; ')}.` : undefined;
}

/** The template a batch starts with: the first of the kind asked for, else the first. */
export const defaultTemplate = (templates: readonly StoredTemplate[], kind: StoredTemplate['kind']): StoredTemplate | undefined =>
  templates.find((t) => t.kind === kind) ?? templates[0];
