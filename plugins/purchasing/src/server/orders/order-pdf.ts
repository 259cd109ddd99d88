import bwipjs from 'bwip-js/node';
import PDFDocument from 'pdfkit';
import type { TenantTransaction } from '@kits/plugin-sdk';
import { formatMoney } from '@kits/plugin-sdk/money';
import type { Supplier } from '../suppliers/supplier-store.ts';
import type { PurchaseOrder } from './order-store.ts';

/** The order number as a Code 128 barcode (PNG), what the till's Receive screen scans. */
export function orderNumberBarcode(number: string): Promise<Buffer> {
  return bwipjs.toBuffer({ bcid: 'code128', text: number, scale: 3, height: 12, includetext: false, paddingwidth: 0 });
}

/** Who orders and where the goods go, from the tenant's directory. */
async function buyer(tx: TenantTransaction, locationId: string) {
  const [tenant, [location]] = await Promise.all([tx.directory.tenant(), tx.directory.locations([locationId])]);
  return { name: tenant.name, deliverTo: location?.name ?? locationId };
}

const GREY = '#5b6472';
const INK = '#1b2230';
const RULE = '#d5d9e0';

/**
 * The purchase order as a PDF a merchant emails to the supplier: number (text and Code 128),
 * supplier and contacts, where to deliver, dates, payment terms, the lines in the supplier's
 * SKUs and packs, and the total in the supplier's currency.
 */
export async function renderOrderPdf(tx: TenantTransaction, order: PurchaseOrder, supplier: Supplier): Promise<Buffer> {
  const from = await buyer(tx, order.locationId);
  const barcode = await orderNumberBarcode(order.number);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: { Title: `Purchase order ${order.number}`, Author: from.name, Subject: `Purchase order ${order.number} to ${supplier.name}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const money = (amount: number | null) => (amount === null ? '—' : formatMoney(amount, order.currency, 'en'));

  doc.fillColor(INK).font('Helvetica-Bold').fontSize(22).text('Purchase order', left, 48);
  doc.font('Helvetica').fontSize(12).fillColor(GREY).text(from.name);
  doc.image(barcode, left + width - 190, 44, { width: 190, height: 44 });
  doc
    .font('Helvetica-Bold')
    .fontSize(13)
    .fillColor(INK)
    .text(order.number, left + width - 190, 94, { width: 190, align: 'center' });

  const top = 130;
  const column = (x: number, title: string, lines: string[]) => {
    doc
      .font('Helvetica-Bold')
      .fontSize(9)
      .fillColor(GREY)
      .text(title.toUpperCase(), x, top, { width: width / 3 - 12 });
    doc.font('Helvetica').fontSize(10).fillColor(INK);
    for (const line of lines.filter(Boolean)) doc.text(line, { width: width / 3 - 12 });
  };
  const contacts = supplier.contacts.map((c) => [c.name, c.role, c.email, c.phone].filter(Boolean).join(', '));
  column(left, 'Supplier', [supplier.name, supplier.address, supplier.email ?? '', supplier.phone ?? '', ...contacts]);
  column(left + width / 3, 'Deliver to', [from.name, from.deliverTo]);
  column(left + (2 * width) / 3, 'Terms', [
    `Ordered ${order.createdAt.slice(0, 10)}`,
    order.expectedOn ? `Expected ${order.expectedOn}` : '',
    supplier.paymentTermsDays === 0 ? 'Payment on receipt' : `Payment net ${supplier.paymentTermsDays} days`,
    `Currency ${order.currency}`,
  ]);

  // The lines: what the supplier knows (their SKU, packs) and what we call it.
  const columns = [
    { title: 'Supplier SKU', width: 0.16, align: 'left' as const },
    { title: 'Item', width: 0.34, align: 'left' as const },
    { title: 'Packs', width: 0.12, align: 'right' as const },
    { title: 'Units', width: 0.1, align: 'right' as const },
    { title: 'Unit cost', width: 0.13, align: 'right' as const },
    { title: 'Amount', width: 0.15, align: 'right' as const },
  ];
  let y = Math.max(doc.y, top + 90) + 18;
  const row = (cells: string[], bold = false) => {
    let x = left;
    const height = Math.max(
      ...cells.map((cell, i) =>
        doc
          .font(bold ? 'Helvetica-Bold' : 'Helvetica')
          .fontSize(10)
          .heightOfString(cell, { width: columns[i]!.width * width - 8 }),
      ),
    );
    if (y + height > doc.page.height - doc.page.margins.bottom - 40) {
      doc.addPage();
      y = doc.page.margins.top;
    }
    cells.forEach((cell, i) => {
      const w = columns[i]!.width * width;
      doc.text(cell, x + 4, y, { width: w - 8, align: columns[i]!.align });
      x += w;
    });
    y += height + 8;
    doc
      .moveTo(left, y - 4)
      .lineTo(left + width, y - 4)
      .strokeColor(RULE)
      .lineWidth(0.5)
      .stroke();
  };
  doc.fillColor(GREY);
  row(
    columns.map((c) => c.title.toUpperCase()),
    true,
  );
  doc.fillColor(INK);
  for (const line of order.lines.filter((l) => !l.unplanned)) {
    row([
      line.supplierSku ?? '',
      `${line.name}\n${line.sku}${line.expectedOn ? ` · expected ${line.expectedOn}` : ''}`,
      `${line.packs} × ${line.packSize}`,
      String(line.orderedQuantity),
      money(line.unitCost),
      money(line.lineTotal),
    ]);
  }
  doc
    .font('Helvetica-Bold')
    .fontSize(12)
    .fillColor(INK)
    .text(`Total ${money(order.total)}`, left, y + 6, { width, align: 'right' });
  if (order.notes)
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor(GREY)
      .text(order.notes, left, doc.y + 14, { width });
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor(GREY)
    .text(`Please quote ${order.number} on your delivery note and invoice.`, left, doc.page.height - doc.page.margins.bottom - 20, {
      width,
      align: 'center',
    });
  doc.end();
  return done;
}
