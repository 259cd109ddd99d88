import type { TillReceipt } from '@kits/plugin-sdk/till';

/** A cash sale of three items at a store whose prices include VAT. */
export const cashSale: TillReceipt = {
  kind: 'sale',
  saleId: '0199a0b0-0000-7000-8000-000000000001',
  receiptNumber: 12,
  device: { id: 'dev-1', name: 'Front till' },
  completedAt: '2026-11-26T14:03:00.000Z',
  location: { id: 'loc-1', name: 'Corner Café' },
  cashier: { id: 'c-1', name: 'ana@corner.example' },
  currency: 'EUR',
  pricesIncludeTax: true,
  lines: [
    { name: 'Flat White', sku: 'COF-FW', quantity: 2, unitPrice: 340, discount: 0, total: 680 },
    { name: 'Butter Croissant', sku: 'BAK-CRO', quantity: 1, unitPrice: 220, discount: 0, total: 220 },
    { name: 'Ceramic Mug Black', sku: 'MUG-BLK', quantity: 1, unitPrice: 1250, discount: 250, total: 1000 },
  ],
  subtotal: 1900,
  cartDiscount: 0,
  taxes: [
    { name: 'VAT', basisPoints: 1000, amount: 82 },
    { name: 'VAT', basisPoints: 2000, amount: 167 },
  ],
  total: 1900,
  rounding: 0,
  tenders: [{ method: 'cash', amount: 2000 }],
  change: 100,
  reprint: false,
};
