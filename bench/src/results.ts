import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { postgresTransport } from './postgres-url.ts';

const RESULTS = fileURLToPath(new URL('../RESULTS.md', import.meta.url));

export function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL over ${postgresTransport()}`;
}

/** Appends one dated section to bench/RESULTS.md. */
export function record(title: string, lines: readonly string[]): void {
  if (!existsSync(RESULTS))
    writeFileSync(RESULTS, '# Benchmark results\n\nEach section is one run: what ran, where, when, and the figures. Newest last.\n');
  const section = [
    ``,
    `## ${title} — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    ``,
    `Machine: ${machine()}`,
    ``,
    ...lines,
    ``,
  ].join('\n');
  appendFileSync(RESULTS, section);
  process.stdout.write(section);
}
