import { createHash, type Hash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { FactColumn, FactColumnType } from './fact-tables.ts';
import type { ColumnValues, FactPage } from './fact-pages.ts';

/** A Parquet schema element, as the writer's own hyparquet version types it. */
type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];

/** Rows per Parquet row group: large enough for BI engines to scan well, small enough to hold in memory. */
export const ROW_GROUP_ROWS = 50_000;

/** What the manifest says of a written file. */
export interface WrittenFile {
  readonly rows: number;
  readonly bytes: number;
  /** SHA-256 of the file's bytes, hex. */
  readonly sha256: string;
}

const PARQUET_TYPES: Record<FactColumnType, Omit<SchemaElement, 'name' | 'repetition_type'>> = {
  string: { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } },
  int32: { type: 'INT32' },
  int64: { type: 'INT64' },
  timestamp: {
    type: 'INT64',
    converted_type: 'TIMESTAMP_MICROS',
    logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' },
  },
};

/** The Parquet schema of a fact file: a flat message of the columns, in order. */
export function parquetSchema(columns: readonly FactColumn[]): SchemaElement[] {
  return [
    { name: 'schema', num_children: columns.length },
    ...columns.map((c) => ({
      name: c.name,
      repetition_type: c.nullable ? ('OPTIONAL' as const) : ('REQUIRED' as const),
      ...PARQUET_TYPES[c.type],
    })),
  ];
}

/**
 * The writer's bytes go to a file and a running SHA-256 after each row group (hyparquet-writer
 * calls `flush` then, and waits for it), so memory holds one row group, never the whole file.
 */
class HashingFileSink extends ByteWriter {
  readonly #file: FileHandle;
  readonly #hash: Hash = createHash('sha256');

  constructor(file: FileHandle) {
    super(1 << 20);
    this.#file = file;
  }

  async flush(): Promise<void> {
    if (this.index === 0) return;
    const chunk = new Uint8Array(this.buffer, 0, this.index);
    this.#hash.update(chunk);
    await this.#file.write(chunk);
    this.index = 0;
  }

  override finish(): Promise<void> {
    return this.flush();
  }

  sha256(): string {
    return this.#hash.digest('hex');
  }
}

/**
 * Writes pages of rows as one Parquet file at `path` (snappy-compressed, statistics on, one row
 * group per ROW_GROUP_ROWS rows) and says how many rows and bytes it holds and its SHA-256.
 */
export async function writeParquetFile(
  path: string,
  columns: readonly FactColumn[],
  pages: AsyncIterable<FactPage>,
  createdBy: string,
): Promise<WrittenFile> {
  const file = await open(path, 'w');
  try {
    const sink = new HashingFileSink(file);
    const writer = new ParquetWriter({ writer: sink, schema: parquetSchema(columns), createdBy });
    let rows = 0;
    let pending: ColumnValues[] = columns.map(() => []);
    let pendingRows = 0;
    const writeRowGroup = async () => {
      if (pendingRows === 0) return;
      await writer.write({ columnData: columns.map((c, i) => ({ name: c.name, data: pending[i]! })), rowGroupSize: pendingRows });
      pending = columns.map(() => []);
      pendingRows = 0;
    };
    for await (const page of pages) {
      page.columns.forEach((values, i) => {
        const into = pending[i]!;
        for (const value of values) into.push(value);
      });
      pendingRows += page.rows;
      rows += page.rows;
      if (pendingRows >= ROW_GROUP_ROWS) await writeRowGroup();
    }
    await writeRowGroup();
    await writer.finish();
    return { rows, bytes: sink.offset, sha256: sink.sha256() };
  } finally {
    await file.close();
  }
}
