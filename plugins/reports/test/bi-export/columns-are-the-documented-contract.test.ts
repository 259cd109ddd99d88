import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BI_EXPORT_DEFAULTS } from '../../src/server/bi-export/export-config.ts';
import { FACT_TABLES } from '../../src/server/bi-export/fact-tables.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  kits: { settings: { properties: { biExport: { properties: Record<string, { default?: unknown; 'x-kits-secret'?: boolean }> } } } };
};

/** The rows of the README table under "#### `<file>`": column, type, empty?, meaning. */
function documentedColumns(file: string): string[][] {
  const start = readme.indexOf(`#### \`${file}\``);
  expect(start, `README has no table for ${file}`).toBeGreaterThan(-1);
  const lines = readme.slice(start).split('\n').slice(1);
  const table = lines.slice(lines.findIndex((l) => l.startsWith('|')));
  return table
    .slice(
      2,
      table.findIndex((l) => !l.startsWith('|')),
    )
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

describe("the export's columns are the ones the README promises BI tools", () => {
  it.each(FACT_TABLES.map((t) => [t.name, t] as const))('%s.parquet: every column, in order, with its type and meaning', (name, table) => {
    expect(documentedColumns(`${name}.parquet`)).toEqual(
      table.columns.map((c) => [`\`${c.name}\``, c.type, c.nullable ? 'may be empty' : 'never', c.meaning]),
    );
  });

  it("the code's defaults are the settings schema's, and the credentials are secrets", () => {
    const properties = manifest.kits.settings.properties.biExport.properties;
    for (const [key, value] of Object.entries(BI_EXPORT_DEFAULTS)) expect(properties[key]?.default, key).toEqual(value);
    expect(properties.accessKeyId?.['x-kits-secret']).toBe(true);
    expect(properties.secretAccessKey?.['x-kits-secret']).toBe(true);
    expect(Object.keys(properties).sort()).toEqual(
      ['enabled', 'bucket', 'prefix', 'endpoint', 'region', 'accessKeyId', 'secretAccessKey', 'forcePathStyle', 'hour'].sort(),
    );
  });
});
