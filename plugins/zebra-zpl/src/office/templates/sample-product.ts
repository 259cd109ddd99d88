import type { Symbology } from '../../shared/barcode-codes.ts';
import type { LabelProduct } from '../../shared/label-template.ts';

/** Valid sample codes per symbology, so the preview shows a barcode a scanner would read. */
const SAMPLE_CODES: Readonly<Record<Symbology, string>> = {
  ean13: '4006381333931',
  upca: '036000291452',
  code128: 'OAT-1L-250',
  qr: 'OAT-1L-250',
  none: '',
};

/** The product a template's preview shows, priced in the shop's currency. */
export const sampleProduct = (symbology: Symbology, currency: string): LabelProduct => ({
  name: 'Organic Oat Milk Barista 1 L',
  price: { amount: currency === 'JPY' ? 380 : 249, currency },
  code: SAMPLE_CODES[symbology],
  sku: 'OAT-1L-250',
});
