import type { TillReceipt } from '@kits/plugin-sdk/till';

const VAT_10 = { name: 'VAT', basisPoints: 1000 };
const VAT_20 = { name: 'VAT', basisPoints: 2000 };

/** A cash sale of three items at a Berlin store whose prices include VAT (two rates). */
export const cashSale: TillReceipt = {
  kind: 'sale',
  saleId: '0199a0b0-0000-7000-8000-000000000001',
  receiptNumber: 12,
  device: { id: 'dev-1', name: 'Front till' },
  completedAt: '2026-11-26T14:03:00.000Z',
  location: {
    id: 'loc-1',
    name: 'Corner Café',
    addressLines: ['Torstraße 12', '10119 Berlin'],
    taxId: 'DE123456789',
    timezone: 'Europe/Berlin',
  },
  cashier: { id: 'c-1', name: 'Ana Müller' },
  currency: 'EUR',
  pricesIncludeTax: true,
  lines: [
    { name: 'Flat White', sku: 'COF-FW', quantity: 2, unitPrice: 340, discount: 0, total: 680, taxRates: [VAT_10] },
    { name: 'Butter Croissant', sku: 'BAK-CRO', quantity: 1, unitPrice: 220, discount: 0, total: 220, taxRates: [VAT_10] },
    { name: 'Ceramic Mug Black', sku: 'MUG-BLK', quantity: 1, unitPrice: 1250, discount: 250, total: 1000, taxRates: [VAT_20] },
  ],
  subtotal: 1900,
  cartDiscount: 0,
  taxes: [
    { name: 'VAT', basisPoints: 1000, net: 818, amount: 82, gross: 900 },
    { name: 'VAT', basisPoints: 2000, net: 833, amount: 167, gross: 1000 },
  ],
  total: 1900,
  rounding: 0,
  tenders: [{ method: 'cash', amount: 2000 }],
  change: 100,
  reprint: false,
};
