// Issue 25's labels bench: 1,000 shelf labels from the price-change queue to printer bytes. A kernel
// on PostgreSQL (core-inventory, zebra-zpl) whose catalog has 1,000 variants with EAN-13 codes and
// whose queue lists each variant's shelf as stale (a price moved); one round is what the office does
// to print the queue: read the queue (GET /price-changes), make the ZPL with the shelf template
// (POST /labels: catalog@1 reads, validation, ZPL per label) and send the bytes to a printer on the
// loopback interface until it has them all. Rounds run one after another; the median and best are kept.
import { createServer, type AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createTestKernel } from '@kits/kernel/test-kit';
import { record } from '../results.ts';

const LABELS = Number(process.env.BENCH_LABELS ?? 1000);
const ROUNDS = Number(process.env.BENCH_LABEL_ROUNDS ?? 7);
const plugin = (name: string) => fileURLToPath(new URL(`../../../plugins/${name}`, import.meta.url));

/** An EAN-13 with its check digit: 20 (in-store prefix) and the variant's number. */
function ean13(n: number): string {
  const body = `20${String(n).padStart(10, '0')}`;
  const sum = [...body].reduce((total, digit, i) => total + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/** A printer on the loopback interface: resolves each job's byte count once its connection ends. */
async function loopbackPrinter() {
  const jobs: Array<(bytes: number) => void> = [];
  const server = createServer((socket) => {
    let bytes = 0;
    socket.on('data', (chunk: Buffer) => (bytes += chunk.length));
    socket.on('end', () => jobs.shift()?.(bytes));
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  const print = (bytes: Uint8Array) =>
    new Promise<number>((resolve, reject) => {
      jobs.push(resolve);
      const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
      socket.on('error', reject);
    });
  return { print, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function benchShelfLabels(): Promise<{ medianMs: number; passed: boolean }> {
  const kit = await createTestKernel({
    plugins: [plugin('core-inventory'), plugin('zebra-zpl')],
    db: 'postgres',
    env: { LOG_LEVEL: 'warn' },
  });
  const printer = await loopbackPrinter();
  try {
    // The catalog and a queue of stale shelves (each price moved from 100 + i to 150 + i), written set-based.
    await kit.kernel.db.transaction({}, async (tx) => {
      await tx.query(
        `with input as (select i, gen_random_uuid() as variant_id, gen_random_uuid() as product_id from generate_series(1, $2::int) as i),
              products as (insert into inventory.products (tenant_id, product_id, name, unit) select $1, product_id, 'Bench shelf item ' || i, 'piece' from input),
              variants as (insert into inventory.variants (tenant_id, variant_id, product_id, sku) select $1, variant_id, product_id, 'SHELF-' || lpad(i::text, 5, '0') from input),
              barcodes as (insert into inventory.barcodes (tenant_id, code, symbology, variant_id) select $1, code, 'ean13', variant_id from input join unnest($3::text[]) with ordinality as c(code, n) on c.n = input.i),
              prices as (insert into inventory.prices (tenant_id, variant_id, currency, amount_minor) select $1, variant_id, 'EUR', 150 + i from input)
         insert into zebra.shelf_prices (tenant_id, variant_id, location_key, currency, amount, labelled_amount, stale_since)
         select $1, variant_id, '00000000-0000-0000-0000-000000000000', 'EUR', 150 + i, 100 + i, now() - make_interval(secs => $2 - i) from input`,
        [kit.tenant.id, LABELS, Array.from({ length: LABELS }, (_, i) => ean13(i + 1))],
      );
    });
    const templates = await kit.request<{ items: Array<{ id: string; kind: string; symbology: string }> }>(
      'GET',
      '/api/v1/zebra-zpl/templates',
    );
    const shelf = templates.body.items.find((t) => t.kind === 'shelf' && t.symbology === 'ean13');
    if (!shelf) throw new Error('the starter shelf template (EAN-13) is missing');

    const round = async () => {
      const started = performance.now();
      const queue = await kit.request<{ items: Array<{ variantId: string; locationId: string | null }> }>(
        'GET',
        `/api/v1/zebra-zpl/price-changes?limit=${LABELS}`,
      );
      const read = performance.now();
      const made = await kit.request<{ labels: Array<{ zpl: string }>; refused: unknown[] }>('POST', '/api/v1/zebra-zpl/labels', {
        body: {
          templateId: shelf.id,
          items: queue.body.items.map((s) => ({ variantId: s.variantId, quantity: 1, locationId: s.locationId })),
        },
      });
      const built = performance.now();
      const bytes = new TextEncoder().encode(made.body.labels.map((l) => l.zpl).join(''));
      const received = await printer.print(bytes);
      const sent = performance.now();
      if (queue.body.items.length !== LABELS || made.body.labels.length !== LABELS || received !== bytes.length)
        throw new Error(
          `a round lost labels: queue ${queue.body.items.length}, ZPL ${made.body.labels.length}, bytes ${received} of ${bytes.length}`,
        );
      return { total: sent - started, read: read - started, build: built - read, send: sent - built, bytes: bytes.length };
    };
    await round(); // warm-up: JIT, statement plans, the template's first read
    const rounds: Array<Awaited<ReturnType<typeof round>>> = [];
    for (let i = 0; i < ROUNDS; i++) rounds.push(await round());
    const column = (key: 'total' | 'read' | 'build' | 'send') => rounds.map((r) => r[key]);
    const medianMs = median(column('total'));
    record('Labels: 1,000 shelf labels from the price-change queue to printer bytes (PostgreSQL)', [
      `${LABELS} variants with EAN-13 codes, each shelf stale in zebra-zpl's queue; one round = GET /price-changes (the queue, names through catalog@1) + POST /labels with the starter shelf template (2.25" × 1.25", 203 dpi, EAN-13: every code validated, ZPL with ^CI28, escaped text, fitted name) + the ${(rounds[0]!.bytes / 1024).toFixed(0)} KiB sent over TCP to a loopback printer until it has every byte. The kernel in the bench's process, requests through its HTTP stack (inject, no socket); ${ROUNDS} rounds after a warm-up.`,
      '',
      '| labels | round median ms | best ms | queue read median ms | ZPL built median ms | sent median ms | bytes |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      `| ${LABELS} | ${medianMs.toFixed(0)} | ${Math.min(...column('total')).toFixed(0)} | ${median(column('read')).toFixed(0)} | ${median(column('build')).toFixed(0)} | ${median(column('send')).toFixed(1)} | ${rounds[0]!.bytes} |`,
    ]);
    return { medianMs, passed: true };
  } finally {
    await printer.close();
    await kit.close();
  }
}
