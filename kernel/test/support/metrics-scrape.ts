import type { TestKernel } from '../../src/test-kit/test-kernel.ts';

/** One scrape of the kernel's `GET /metrics`, as a test reads it. */
export interface Scrape {
  readonly text: string;
  /** The sum of the samples of `name` whose labels include `labels` (undefined when none has). */
  value(name: string, labels?: Readonly<Record<string, string>>): number | undefined;
  /** The label sets of `name`'s samples. */
  series(name: string): Array<Record<string, string>>;
}

const SAMPLE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

export function parseScrape(text: string): Scrape {
  const samples = text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .flatMap((line) => {
      const match = SAMPLE.exec(line);
      if (!match) return [];
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map((label) => [label[1]!, label[2]!]));
      return [{ name: match[1]!, labels, value: Number(match[3]) }];
    });
  return {
    text,
    value(name, labels = {}) {
      const matching = samples.filter(
        (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
      );
      return matching.length === 0 ? undefined : matching.reduce((sum, sample) => sum + sample.value, 0);
    },
    series: (name) => samples.filter((sample) => sample.name === name).map((sample) => sample.labels),
  };
}

/** Scrapes the kernel's /metrics through its HTTP stack; fails the test unless it answers 200. */
export async function scrape(kit: TestKernel): Promise<Scrape> {
  const response = await kit.kernel.app.inject({ method: 'GET', url: '/metrics' });
  if (response.statusCode !== 200) throw new Error(`GET /metrics answered ${response.statusCode}: ${response.body}`);
  return parseScrape(response.body);
}
