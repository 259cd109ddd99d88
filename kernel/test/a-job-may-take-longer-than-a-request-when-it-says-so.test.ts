import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { eventually } from '@kits/plugin-sdk/test-kit';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePlugin } from './support/fixtures.ts';

/**
 * `jobs.every(…, { timeLimitMs })`: batch work (a day's BI export) gets a limit of its own; a job
 * without one keeps the kernel's handler limit, and a run over it is rolled back.
 */
describe('a job with a time limit of its own', () => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [fixturePlugin('long-jobs')], db: 'postgres', env: { HANDLER_TIMEOUT_MS: '1000' } });
  });
  afterAll(async () => kit?.close());

  const runs = async (job: string) =>
    (await kit.kernel.db.query<{ n: number }>('select count(*)::int as n from long_jobs.runs where job = $1', [job]))[0]!.n;

  it('finishes a run longer than the kernel’s handler limit; a job without one is stopped at that limit and changes nothing', async () => {
    await eventually(
      () => runs('with-its-own-limit'),
      (n) => n >= 2,
      15_000,
    );
    expect(await runs('with-its-own-limit')).toBeGreaterThanOrEqual(2);
    expect(await runs('with-the-kernels-limit')).toBe(0);
  });
});

describe('a kernel closing while a job runs', () => {
  it('waits for the run under way to finish the tenant it is on: nothing fails on a closed database', async () => {
    const logged: Array<{ level: number; msg: string; err?: { message?: string } }> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line) as (typeof logged)[number]) });
    const kit = await createTestKernel({ plugins: [fixturePlugin('long-jobs')], db: 'pglite', logger });
    // Runs start every 500 ms and take 1.5 s: a second in, one is under way.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const closing = Date.now();
    await kit.close();
    expect(Date.now() - closing).toBeGreaterThan(200);
    // A run left going would reach the closed database within its 1.5 s.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(logged.filter((line) => line.level >= 50).map((line) => `${line.msg}: ${line.err?.message ?? ''}`)).toEqual([]);
  });
});
