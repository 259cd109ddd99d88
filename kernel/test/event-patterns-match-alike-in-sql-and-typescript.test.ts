import { afterEach, describe, expect, it } from 'vitest';
import { matchesPattern } from '../src/events/outbox.ts';
import { BUS_VARIANTS, busHarness, type BusHarness } from './support/event-bus-harness.ts';

// The in-process relay matches subscribers' patterns in SQL (kernel.event_pattern_regex, migration
// 0010); the AMQP bus and the tests match them in TypeScript (matchesPattern). Both must give one answer.
const PATTERNS = [
  'sales.sale.completed',
  'sales.sale.*',
  'sales.*.completed',
  '*.sale.completed',
  'sales.#',
  '#.completed',
  '#',
  '*',
  'sales.#.completed',
  'inventory.stock.*',
  'a-b.c+d.e(f)',
  'notes.note.created',
];
const TYPES = [
  'sales.sale.completed',
  'sales.sale.refunded',
  'sales.shift.completed',
  'sales',
  'sales.sale',
  'sales.sale.completed.late',
  'inventory.stock.moved',
  'inventory.stock',
  'a-b.c+d.e(f)',
  'a-b.cd.e(f)',
  'abb.c+d.e(f)',
  'notes.note.created',
  'x',
];

describe.each(BUS_VARIANTS.filter((v) => v.broker === 'none'))('event patterns in SQL, $name', (variant) => {
  let harness: BusHarness;
  afterEach(async () => harness?.close());

  it('every pattern matches in SQL exactly the types matchesPattern matches', async () => {
    harness = await busHarness(variant);
    for (const [i, pattern] of PATTERNS.entries())
      await harness.db.query('insert into kernel.event_subscribers (subscriber, pattern) values ($1, $2)', [`s${i}`, pattern]);
    const rows = await harness.db.query<{ pattern: string; type: string }>(
      `select s.pattern, t.type from kernel.event_subscribers s cross join unnest($1::text[]) as t(type)
        where ('.' || t.type) ~ s.pattern_regex`,
      [TYPES],
    );
    const inSql = rows.map((r) => `${r.pattern} ⟶ ${r.type}`).sort();
    const inTypeScript = PATTERNS.flatMap((pattern) =>
      TYPES.filter((type) => matchesPattern(pattern, type)).map((type) => `${pattern} ⟶ ${type}`),
    ).sort();
    expect(inSql).toEqual(inTypeScript);
    // Not a vacuous agreement: some match and some do not.
    expect(inSql.length).toBeGreaterThan(20);
    expect(inSql.length).toBeLessThan(PATTERNS.length * TYPES.length);
  });
});
