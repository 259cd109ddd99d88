import { Field, Select } from '@kits/ui-kit';
import type { LabelPrinter, StoredTemplate } from '../labels-api.ts';
import { printerOptions, templateOptions } from './label-choices.ts';

/** The template and printer a batch prints with (the print dialog's and the price-change queue's). */
export function LabelChoiceFields({
  templates,
  template,
  onTemplate,
  printers,
  printer,
  onPrinter,
  locationId,
  warning,
}: {
  templates: readonly StoredTemplate[];
  template: StoredTemplate | undefined;
  onTemplate: (templateId: string) => void;
  printers: readonly LabelPrinter[];
  printer: LabelPrinter | undefined;
  onPrinter: (printerId: string) => void;
  /** Printers here are listed first. */
  locationId: string | undefined;
  /** The template does not fit what the printer has loaded (label-choices.ts mismatch). */
  warning: string | undefined;
}) {
  return (
    <>
      <Field label="Template" name="template">
        <Select name="template" value={template?.id ?? ''} options={templateOptions(templates)} onValue={onTemplate} />
      </Field>
      <Field label="Printer" name="printer" hint={warning}>
        <Select
          name="printer"
          value={printer?.id ?? ''}
          options={printers.length > 0 ? printerOptions(printers, locationId) : [{ value: '', label: 'No label printer yet' }]}
          onValue={onPrinter}
        />
      </Field>
    </>
  );
}
