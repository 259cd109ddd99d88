import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { gotoOffice, launchChromium, officeAdmin, openOffice } from '@kits/office/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgentProcess, type AgentProcess } from '../../../../till/test/ui/support/hardware-agent-process.ts';
import { labelCopies, startLoopbackZebra, type LoopbackZebra } from '../../../../testing/loopback-zebra.ts';
import { API, INVENTORY, PURCHASING, ZEBRA, labelVariant, reprice, until, type LabelVariant } from '../support.ts';
import { shoot } from './shoot.ts';

// A shop prints labels from the back office in Chromium, through this computer's hardware agent
// (its own process, as a shop runs it) to a Zebra on the loopback interface: after receiving a
// purchase order, for the price-change queue, and it edits a template watching the ZPL's preview.

type Device = { id: string; status: { state: string; message: string | null } };

describe('labels printed from the back office (postgres, Chromium, hardware agent)', () => {
  let kit: TestKernel;
  let url: string;
  let browser: Browser;
  let page: Page;
  let zebra: LoopbackZebra;
  let agent: AgentProcess;
  let printerId: string;
  let oats: LabelVariant;
  let jam: LabelVariant;
  let orderId: string;

  const nav = (name: string) => page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name, exact: true });
  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();
  const device = async () =>
    (await kit.request<{ items: Device[] }>('GET', '/api/v1/tenants/current/devices?kind=label-printer')).body.items[0]!;

  beforeAll(async () => {
    zebra = await startLoopbackZebra();
    kit = await createTestKernel({ plugins: [INVENTORY, PURCHASING, ZEBRA], db: 'postgres' });
    url = await kit.kernel.listen();
    agent = await startAgentProcess(url);
    oats = await labelVariant(kit, 'Oat Milk Barista 1L', 249);
    jam = await labelVariant(kit, 'Quince Jam 340g', 399, 'JAM-0042');

    const printer = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/devices', {
      body: {
        name: 'Back-1',
        locationId: kit.tenant.locationId,
        kind: 'label-printer',
        model: 'Zebra ZD421 (203 dpi)',
        address: zebra.address,
      },
    });
    expect(printer.status).toBe(201);
    printerId = printer.body.id;
    expect((await kit.request('PUT', `${API}/printers/${printerId}`, { body: { dpi: 203, stock: 'product-2x1' } })).status).toBe(200);

    const supplier = await kit.request<{ id: string }>('POST', '/api/v1/purchasing/suppliers', {
      body: { name: 'Nordic Pantry', currency: 'EUR', leadTimeDays: 3, paymentTermsDays: 30 },
    });
    for (const item of [oats, jam])
      expect(
        (
          await kit.request('PUT', `/api/v1/purchasing/suppliers/${supplier.body.id}/items/${item.variantId}`, {
            body: { supplierSku: `NP-${item.sku}`, packSize: item === oats ? 6 : 4, unitCost: { amount: 100, currency: 'EUR' } },
          })
        ).status,
      ).toBe(200);
    const order = await kit.request<{ id: string }>('POST', '/api/v1/purchasing/purchase-orders', {
      body: {
        supplierId: supplier.body.id,
        locationId: kit.tenant.locationId,
        lines: [
          { variantId: oats.variantId, packs: 1 },
          { variantId: jam.variantId, packs: 1 },
        ],
      },
    });
    orderId = order.body.id;
    expect((await kit.request('POST', `/api/v1/purchasing/purchase-orders/${orderId}/send`)).status).toBe(200);

    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(kit.tenant), { width: 1280, height: 800 });
    // This office computer's hardware agent (Settings → Printers on this computer keeps it the same way).
    await page.evaluate((address) => localStorage.setItem('kits.office.hardwareAgentUrl', address), agent.url);
    await gotoOffice(page, url, '/');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    agent?.process.kill();
    await kit?.close();
    await zebra?.close();
  });

  it('edits a template and watches the label drawn from its own ZPL', async () => {
    await nav('Label templates').click();
    await heading('Label templates');
    await shoot(page, 'templates');
    await page
      .getByRole('row', { name: /Shelf label/ })
      .getByRole('link')
      .first()
      .click();
    await heading('Edit Shelf label');
    const preview = page.getByRole('img', { name: 'Preview of Shelf label' });
    await preview.waitFor();
    const first = await preview.getAttribute('src');
    expect(first).toMatch(/^data:image\/png;base64,/);
    expect(await page.getByLabel('ZPL').textContent()).toContain('^BEN,');
    await shoot(page, 'template-editor');

    await page.getByLabel('Barcode').selectOption('qr');
    await page.getByLabel('Name').fill('Shelf label QR');
    await until(
      async () =>
        (await page
          .getByRole('img', { name: 'Preview of Shelf label QR' })
          .getAttribute('src')
          .catch(() => null)) !== first || undefined,
      'the preview to be drawn again',
    );
    expect(await page.getByLabel('ZPL').textContent()).toContain('^BQN,2,');
    await shoot(page, 'template-editor-qr');
    await page.getByRole('button', { name: 'Save template' }).click();
    await heading('Label templates');
    const saved = await kit.request<{ items: Array<{ name: string; symbology: string }> }>('GET', `${API}/templates`);
    expect(saved.body.items).toContainEqual(expect.objectContaining({ name: 'Shelf label QR', symbology: 'qr' }));

    // A new template: a jewellery tag at 600 dpi with a Code 128 under the words.
    await page.getByRole('link', { name: 'New template' }).click();
    await heading('New label template');
    await page.getByLabel('Name').fill('Ring tag');
    await page.getByLabel('Kind').selectOption('jewellery');
    await page.getByLabel('Label size').selectOption('tag-1.2x0.85');
    await page.getByLabel('Printer resolution').selectOption('600');
    await page.getByLabel('Barcode').selectOption('code128');
    await page.getByRole('img', { name: 'Preview of Ring tag' }).waitFor();
    await shoot(page, 'template-new-tag');
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByRole('row', { name: /Ring tag/ }).waitFor();
    const added = await kit.request<{ items: Array<{ name: string }> }>('GET', `${API}/templates`);
    expect(added.body.items).toContainEqual(
      expect.objectContaining({ name: 'Ring tag', kind: 'jewellery', stock: 'tag-1.2x0.85', dpi: 600, symbology: 'code128' }),
    );
  });

  it('receives a purchase order and prints one label per unit received from the receipt', async () => {
    await gotoOffice(page, url, `/purchasing/purchase-orders/${orderId}`);
    await heading(/Purchase order PO-/);
    await page.getByRole('button', { name: 'Receive delivery' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Everything outstanding came' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Receive', exact: true }).click();
    await page.getByRole('button', { name: 'Print 10 labels' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Template').selectOption({ label: 'Product label (Product label, 203 dpi)' });
    expect(await dialog.getByLabel('Labels of Oat Milk Barista 1L').inputValue()).toBe('6');
    expect(await dialog.getByLabel('Labels of Quince Jam 340g').inputValue()).toBe('4');
    await shoot(page, 'receipt-print-dialog');
    const queriesBefore = zebra.statusQueries();
    await dialog.getByRole('button', { name: 'Print 10 labels' }).click();
    const job = (await zebra.nextJob()).toString('utf8');
    // The printer was asked its status first; each variant is one format printed once per unit (^PQ).
    expect(zebra.statusQueries()).toBe(queriesBefore + 1);
    expect(labelCopies(job)).toEqual([6, 4]);
    expect(job).toContain('^FH^FDOat Milk Barista 1L^FS');
    expect(job).toContain('^FH^FDJAM-0042^FS');
    await dialog.getByRole('status').getByText('10 labels sent to Back-1.').waitFor();
    await shoot(page, 'receipt-printed');
    await dialog.getByRole('button', { name: 'Done' }).click();
    // The check also asked the printer who it is (~HI): the devices service shows the firmware it reported.
    expect(await device()).toMatchObject({ status: { state: 'ok' }, version: 'V84.20.18Z' });
  });

  it('refuses to print on a paused printer, says what to do, and reports it to the devices service', async () => {
    zebra.setState('paused');
    await gotoOffice(page, url, '/core-inventory/products');
    await page
      .getByRole('row', { name: /Oat Milk Barista 1L/ })
      .getByRole('checkbox')
      .check();
    await page.getByRole('toolbar', { name: 'Selected products' }).getByText('1 selected').waitFor();
    await shoot(page, 'products-selected');
    await page.getByRole('button', { name: 'Print labels' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Print 1 label' }).click();
    await dialog.getByText('Printer Back-1 is paused: press Pause on the printer.').waitFor();
    await shoot(page, 'printer-paused');
    expect(await device()).toMatchObject({ status: { state: 'error', message: 'Printer Back-1 is paused: press Pause on the printer.' } });
    expect(zebra.jobCount()).toBe(1);

    zebra.setState('ready');
    await dialog.getByRole('button', { name: 'Print 1 label' }).click();
    expect(labelCopies(await zebra.nextJob())).toEqual([1]);
    await dialog.getByRole('status').getByText('1 label sent to Back-1.').waitFor();
    expect((await device()).status.state).toBe('ok');
    await dialog.getByRole('button', { name: 'Done' }).click();
  });

  it('prints the price-change queue as one batch and marks the shelves printed once confirmed', async () => {
    await reprice(kit, oats, 'Oat Milk Barista 1L', 279);
    await reprice(kit, jam, 'Quince Jam 340g', 429);
    await until(
      async () => (await kit.request<{ items: unknown[] }>('GET', `${API}/price-changes`)).body.items.length === 2 || undefined,
      'two stale shelves',
    );

    const shelfTemplate = await kit.request('POST', `${API}/templates`, {
      body: { name: 'Shelf EAN-13', kind: 'shelf', stock: 'shelf-2.25x1.25', dpi: 203, symbology: 'ean13', showPrice: true, showSku: true },
    });
    expect(shelfTemplate.status).toBe(201);

    await nav('Price changes').click();
    await heading('Price changes');
    await page.getByRole('row', { name: /Oat Milk Barista 1L/ }).waitFor();
    await page.getByLabel('Template').selectOption({ label: 'Shelf EAN-13 (Shelf label, 203 dpi)' });
    await shoot(page, 'price-changes');
    // The jam has no EAN-13: the shelf template refuses it with the reason and prints the oat milk.
    await page.getByRole('button', { name: 'Print 2 shelf labels' }).click();
    const job = (await zebra.nextJob()).toString('utf8');
    expect(labelCopies(job)).toEqual([1]);
    expect(job).toContain('^FH^FD€2.79^FS');
    await page
      .getByRole('list', { name: 'Not printed' })
      .getByText(/Quince Jam 340g cannot be printed on "Shelf EAN-13"/)
      .waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'They printed — mark done' }).click();
    await page.getByRole('row', { name: /Oat Milk Barista 1L/ }).waitFor({ state: 'detached' });
    const left = await kit.request<{ items: Array<{ variantId: string }> }>('GET', `${API}/price-changes`);
    expect(left.body.items.map((s) => s.variantId)).toEqual([jam.variantId]);

    // With the Code 128 product template the jam prints too, and the queue is empty.
    await page.getByLabel('Template').selectOption({ label: 'Product label (Product label, 203 dpi)' });
    await page.getByRole('button', { name: 'Print 1 shelf label' }).click();
    expect(labelCopies(await zebra.nextJob())).toEqual([1]);
    await page.getByRole('dialog').getByRole('button', { name: 'They printed — mark done' }).click();
    await page.getByText('Every shelf label shows its price').waitFor();
    expect((await kit.request<{ items: unknown[] }>('GET', `${API}/price-changes`)).body.items).toEqual([]);
    await shoot(page, 'price-changes-done');
  });

  it('lists the label printers with their status, and adds one as a kernel device with its resolution and stock', async () => {
    await nav('Label printers').click();
    await heading('Label printers');
    await page
      .getByRole('row', { name: /Back-1/ })
      .getByRole('button', { name: 'Check status' })
      .click();
    await page.getByText('Printer Back-1 is ready').waitFor();

    await page.getByRole('button', { name: 'Add label printer' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Jewellery counter');
    await dialog.getByLabel('Model').fill('Zebra ZD621');
    await dialog.getByLabel('Network address').fill('192.0.2.44');
    await dialog.getByLabel('Resolution').selectOption('300');
    await dialog.getByLabel('Labels loaded').selectOption('tag-1.2x0.85');
    await shoot(page, 'printer-add');
    await dialog.getByRole('button', { name: 'Add printer' }).click();
    await page.getByRole('row', { name: /Jewellery counter/ }).waitFor();
    await shoot(page, 'printers');

    const devices = await kit.request<{ items: Array<{ id: string; name: string; kind: string; model: string; address: string }> }>(
      'GET',
      '/api/v1/tenants/current/devices?kind=label-printer',
    );
    const added = devices.body.items.find((d) => d.name === 'Jewellery counter')!;
    expect(added).toMatchObject({ kind: 'label-printer', model: 'Zebra ZD621 (300 dpi)', address: '192.0.2.44:9100' });
    const facts = await kit.request<{ items: Array<{ deviceId: string; dpi: number; stock: string }> }>('GET', `${API}/printers`);
    expect(facts.body.items).toContainEqual(expect.objectContaining({ deviceId: added.id, dpi: 300, stock: 'tag-1.2x0.85' }));
  });
});
