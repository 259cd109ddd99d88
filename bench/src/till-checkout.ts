// Issue targets (till, 100,000 products in the till's own database, Chromium): scan-to-line-on-screen
// p99 < 50 ms; cold start to a usable checkout < 3 s; 1000 sales queued offline synced < 5 s after
// the network returns (end to end: until the till shows nothing left to send).
import pg from 'pg';
import { chromium, type Page } from 'playwright-core';
import { record } from './results.ts';
import { spawnServer } from './spawn-server.ts';

interface Ready {
  readonly url: string;
  readonly count: number;
  readonly code: string;
  readonly email: string;
  readonly pin: string;
  readonly deviceId: string;
  readonly databaseUrl: string;
  readonly barcodes: string[];
}

const SALES_FOR_SCANS = Number(process.env.BENCH_TILL_SCAN_SALES ?? 30);
const SCANS_PER_SALE = 10;
const QUEUED_SALES = Number(process.env.BENCH_TILL_QUEUED_SALES ?? 1000);

const progress = (message: string) => process.stderr.write(`till bench: ${message}\n`);

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/**
 * Scan-to-line, measured in the page: from the Enter key's own timestamp to the frame after the
 * cart gained a row (what the cashier sees), so the bench's remote control adds nothing.
 */
function installScanTimer(page: Page) {
  return page.evaluate(() => {
    const state = { enterAt: 0, rows: 0, times: [] as number[] };
    const rows = () => document.querySelectorAll('[data-testid=cart] tr').length;
    window.addEventListener(
      'keydown',
      (event) => {
        if (event.key !== 'Enter') return;
        state.enterAt = event.timeStamp;
        state.rows = rows();
      },
      true,
    );
    new MutationObserver(() => {
      if (!state.enterAt || rows() <= state.rows) return;
      const at = state.enterAt;
      state.enterAt = 0;
      requestAnimationFrame(() => state.times.push(performance.now() - at));
    }).observe(document.body, { childList: true, subtree: true });
    (window as unknown as { kitsScanTimes: number[] }).kitsScanTimes = state.times;
  });
}

const scanTimes = (page: Page) => page.evaluate(() => (window as unknown as { kitsScanTimes: number[] }).kitsScanTimes.length);

/** A scanner: a burst of keys and Enter; waits until the line is on screen. */
async function scan(page: Page, code: string): Promise<void> {
  const before = await scanTimes(page);
  await page.keyboard.type(code, { delay: 2 });
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => (window as unknown as { kitsScanTimes: number[] }).kitsScanTimes.length > n, before);
}

/** Enter to payment, Enter for the exact cash, Enter for the next sale. */
async function payExactCash(page: Page): Promise<void> {
  await page.keyboard.press('Enter');
  await page.getByTestId('tender').waitFor();
  await page.keyboard.press('Enter');
  await page.getByTestId('receipt').waitFor();
  await page.keyboard.press('Enter');
  await page.getByLabel('Scan').waitFor();
}

/** The sign-in screen lists the store's staff; the bench signs in with the e-mail fallback. */
async function typeEmailAndPin(page: Page, ready: Ready): Promise<void> {
  await page.locator('.staff-picker, input[name=email]').first().waitFor({ timeout: 60_000 });
  if (await page.locator('.staff-picker').isVisible()) await page.getByRole('button', { name: 'Sign in with e-mail' }).click();
  await page.fill('input[name=email]', ready.email);
  await page.fill('input[name=pin]', ready.pin);
}

async function signIn(page: Page, ready: Ready): Promise<void> {
  await typeEmailAndPin(page, ready);
  await page.keyboard.press('Enter');
  await page.getByLabel('Scan').waitFor({ timeout: 60_000 });
}

export async function benchTillCheckout(): Promise<{ passed: boolean }> {
  const seeded = performance.now();
  const server = await spawnServer<Ready>('till-kernel.ts');
  const { ready } = server;
  const seedSeconds = (performance.now() - seeded) / 1000;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const db = new pg.Client({ connectionString: ready.databaseUrl });
  await db.connect();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${ready.url}/till/`);
    await page.fill('input[name=code]', ready.code);
    await page.keyboard.press('Enter');
    await signIn(page, ready);

    // The first sync: the whole catalog into the till's database. The last product of the
    // catalog comes last (pulls go by change id): once it scans, all of them are there.
    progress(`signed in; the catalog of ${ready.count} products is coming`);
    const firstSyncStarted = performance.now();
    await installScanTimer(page);
    const lastProduct = ready.barcodes.at(-1)!;
    for (;;) {
      const before = await scanTimes(page);
      await page.keyboard.type(lastProduct, { delay: 2 });
      await page.keyboard.press('Enter');
      const added = await page
        .waitForFunction((n) => (window as unknown as { kitsScanTimes: number[] }).kitsScanTimes.length > n, before, { timeout: 1_000 })
        .then(() => true)
        .catch(() => false);
      if (added) break;
      if (performance.now() - firstSyncStarted > 15 * 60_000) throw new Error('The catalog did not reach the till in 15 minutes.');
      await page.waitForTimeout(2_000);
    }
    const lastProductSeconds = (performance.now() - firstSyncStarted) / 1000;
    progress(`the last product scanned after ${lastProductSeconds.toFixed(0)} s; waiting for the stock levels`);
    // Stock levels come in their own pull; measure once both are in (the till at rest).
    await page.locator('.catalog-progress').waitFor({ state: 'detached', timeout: 15 * 60_000 });
    const firstSyncSeconds = (performance.now() - firstSyncStarted) / 1000;
    progress(`first sync done in ${firstSyncSeconds.toFixed(0)} s`);
    await payExactCash(page);

    // Scan-to-line over SALES_FOR_SCANS sales of SCANS_PER_SALE different products each.
    await page.evaluate(() => (window as unknown as { kitsScanTimes: number[] }).kitsScanTimes.splice(0));
    let next = 0;
    for (let sale = 0; sale < SALES_FOR_SCANS; sale++) {
      for (let line = 0; line < SCANS_PER_SALE; line++) await scan(page, ready.barcodes[next++ % ready.barcodes.length]!);
      await payExactCash(page);
    }
    const times = await page.evaluate(() => [...(window as unknown as { kitsScanTimes: number[] }).kitsScanTimes]);
    progress(`${times.length} scans timed`);

    // Cold start: reload the page (the till's database keeps its 100,000 products), sign in.
    const reloadStarted = performance.now();
    await page.reload();
    await page.locator('.staff-picker, input[name=email]').first().waitFor();
    const toSignIn = performance.now() - reloadStarted;
    await typeEmailAndPin(page, ready);
    const submitted = performance.now();
    await page.keyboard.press('Enter');
    await page.getByLabel('Scan').waitFor({ timeout: 60_000 });
    const toCheckout = performance.now() - submitted;
    const coldStartMs = toSignIn + toCheckout;
    progress(`cold start ${coldStartMs.toFixed(0)} ms; ringing up ${QUEUED_SALES} sales offline`);
    await page.getByTestId('connection').filter({ hasText: 'Online' }).waitFor();
    await installScanTimer(page);

    // 1000 sales rung up with the network gone, then the network back.
    const salesBefore = Number((await db.query<{ n: string }>('select count(*) as n from sales.sales')).rows[0]!.n);
    await context.setOffline(true);
    await page.getByTestId('connection').filter({ hasText: 'Offline' }).waitFor();
    for (let sale = 0; sale < QUEUED_SALES; sale++) {
      await scan(page, ready.barcodes[next++ % ready.barcodes.length]!);
      await payExactCash(page);
    }
    const waiting = Number((await page.getByTestId('waiting').textContent())?.match(/\d+/)?.[0]);
    progress(`${waiting} events waiting; network back`);
    const reconnected = performance.now();
    await context.setOffline(false);
    await page.getByTestId('waiting').waitFor({ state: 'detached', timeout: 300_000 });
    const syncSeconds = (performance.now() - reconnected) / 1000;
    const salesAfter = Number((await db.query<{ n: string }>('select count(*) as n from sales.sales')).rows[0]!.n);
    if (salesAfter - salesBefore !== QUEUED_SALES) {
      throw new Error(`${QUEUED_SALES} sales were queued but the server has ${salesAfter - salesBefore} more.`);
    }

    const p50 = percentile(times, 50);
    const p99 = percentile(times, 99);
    const verdict = (passed: boolean) => (passed ? 'met' : 'missed');
    const passed = { scan: p99 < 50, cold: coldStartMs < 3000, sync: syncSeconds < 5 };
    record(`Till in Chromium with ${ready.count.toLocaleString('en')} products (PostgreSQL kernel)`, [
      `${ready.count.toLocaleString('en')} products with a price and stock, bulk-loaded on the server (${seedSeconds.toFixed(0)} s), then pulled into the till's own database (IndexedDB, RxDB) by the app itself: **${firstSyncSeconds.toFixed(0)} s** for the first sync (the last product scannable after ${lastProductSeconds.toFixed(0)} s, stock levels in after that). Chromium headless (\`/usr/bin/chromium\`), 1280×800; the kernel in its own process, all on the same 2 cores. Scans are typed by Playwright as a scanner does (2 ms a key, Enter) and timed in the page from the Enter key event to the frame after the line appeared.`,
      ``,
      `| case | figure | target |`,
      `|---|---|---|`,
      `| scan to line on screen, ${times.length} scans (${SALES_FOR_SCANS} sales of ${SCANS_PER_SALE} lines) | p50 ${p50.toFixed(1)} ms, p99 **${p99.toFixed(1)} ms**, max ${Math.max(...times).toFixed(1)} ms | p99 < 50 ms — ${verdict(passed.scan)} |`,
      `| cold start: page load to sign-in (${toSignIn.toFixed(0)} ms) + PIN to usable checkout (${toCheckout.toFixed(0)} ms) | **${coldStartMs.toFixed(0)} ms** | < 3000 ms — ${verdict(passed.cold)} |`,
      `| ${QUEUED_SALES} sales rung up offline (${waiting} events waiting), network back → nothing left to send | **${syncSeconds.toFixed(1)} s**; the server has all ${QUEUED_SALES} | < 5 s — ${verdict(passed.sync)} |`,
    ]);
    return { passed: passed.scan && passed.cold && passed.sync };
  } catch (failure) {
    const shot = 'test-results/till-bench-failure.png';
    await browser
      .contexts()[0]
      ?.pages()[0]
      ?.screenshot({ path: shot })
      .then(() => progress(`failed; the page as it was: ${shot}`))
      .catch(() => undefined);
    throw failure;
  } finally {
    await db.end();
    await browser.close();
    await server.stop();
  }
}
