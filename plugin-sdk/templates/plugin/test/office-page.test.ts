import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { gotoOffice, launchChromium, officeAdmin, openOffice, shootOffice } from '@kits/office/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const pluginDir = fileURLToPath(new URL('..', import.meta.url));

/** The plugin's office page as a merchant uses it: in Chromium, against a real kernel serving the back office. */
describe('__DISPLAY__ in the back office', () => {
  let kit: TestKernel;
  let browser: Browser;
  let page: Page;
  let url: string;
  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [pluginDir] });
    url = await kit.kernel.listen();
    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(kit.tenant));
  });
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('adds a note from its page, and refuses an empty one beside the field', async () => {
    await gotoOffice(page, url, '/__ID__/notes');
    await page.getByRole('heading', { name: '__DISPLAY__ notes' }).waitFor();
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByRole('alert').filter({ hasText: /characters|empty|blank|required|short/i }).waitFor();
    await page.getByRole('textbox', { name: 'Note' }).fill('Restock the window display');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByRole('row', { name: /Restock the window display/ }).waitFor();
    const listed = await kit.request<{ items: Array<{ body: string }> }>('GET', '/api/v1/__ID__/notes');
    expect(listed.body.items.map((note) => note.body)).toEqual(['Restock the window display']);
    await shootOffice(page, '__ID__-notes');
  });
});
