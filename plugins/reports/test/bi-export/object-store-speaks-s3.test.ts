import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BI_EXPORT_DEFAULTS, type BiExportConfig } from '../../src/server/bi-export/export-config.ts';
import { s3ObjectStore } from '../../src/server/bi-export/object-store.ts';
import { startTestStorage, type TestStorage } from './s3-test-storage.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

describe('the object store against a real S3-compatible server', () => {
  let storage: TestStorage;
  let scratch: string;
  let config: BiExportConfig;
  beforeAll(async () => {
    storage = await startTestStorage();
    scratch = await mkdtemp(join(tmpdir(), 'kits-store-test-'));
    config = {
      ...BI_EXPORT_DEFAULTS,
      bucket: storage.bucket,
      endpoint: storage.endpoint,
      accessKeyId: storage.accessKeyId,
      secretAccessKey: storage.secretAccessKey,
      forcePathStyle: true,
    };
  });
  afterAll(async () => {
    await storage?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('uploads a file with its SHA-256, reads JSON back, lists and deletes keys', async () => {
    const store = s3ObjectStore(config, quiet);
    try {
      const bytes = randomBytes(300_000);
      const path = join(scratch, 'file.bin');
      await writeFile(path, bytes);
      await store.putFile('p/date=2026-01-01/run=x/file.bin', path, {
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      });
      expect(Buffer.from(await storage.bytes('p/date=2026-01-01/run=x/file.bin')).equals(bytes)).toBe(true);

      await store.putJson('p/date=2026-01-01/manifest.json', { day: '2026-01-01', files: [] });
      expect(await store.getJson('p/date=2026-01-01/manifest.json')).toEqual({ day: '2026-01-01', files: [] });
      expect(await store.getJson('p/date=2026-01-02/manifest.json')).toBeUndefined();

      // (s3rver cannot list past 1000 keys on Node 24: its continuation tokens use DES, which OpenSSL 3 dropped.)
      const many = Array.from({ length: 40 }, (_, i) => `bulk/k${String(i).padStart(2, '0')}`);
      await Promise.all(many.map((key) => storage.put(key, 'x')));
      await storage.put('bulky/other', 'not under the prefix');
      expect(await store.listKeys('bulk/')).toEqual(many);
      await store.deleteKeys(many);
      expect(await storage.keys('bulk')).toEqual(['bulky/other']);
      expect(storage.requests.filter((r) => r.startsWith('POST ?delete'))).toHaveLength(1);
    } finally {
      store.close();
    }
  });

  it('refuses a wrong secret and a file whose bytes do not match its checksum, saying what the service answered', async () => {
    const wrong = s3ObjectStore({ ...config, secretAccessKey: 'not-the-secret' }, quiet);
    try {
      const refused = await wrong.listKeys('p/').catch((error: unknown) => error);
      expect(refused).toMatchObject({ code: 'reports.bi_export_storage_failed', status: 502 });
      expect((refused as Error).message).toMatch(/SignatureDoesNotMatch \(HTTP 403\)/);
    } finally {
      wrong.close();
    }
    const store = s3ObjectStore(config, quiet);
    try {
      const path = join(scratch, 'torn.bin');
      await writeFile(path, 'these bytes');
      const torn = await store
        .putFile('p/torn.bin', path, { bytes: 11, sha256: createHash('sha256').update('other bytes').digest('hex') })
        .catch((error: unknown) => error);
      expect((torn as Error).message).toMatch(/BadDigest \(HTTP 400\)/);
      expect(await storage.keys('p/torn')).toEqual([]);
      expect(storage.requests.filter((r) => r === 'PUT p/torn.bin')).toHaveLength(1); // a refusal is not retried
    } finally {
      store.close();
    }
  });

  it('tries a file upload again, with the file read afresh, when the service fails for a moment', async () => {
    const store = s3ObjectStore(config, quiet);
    try {
      const bytes = randomBytes(200_000);
      const path = join(scratch, 'retried.bin');
      await writeFile(path, bytes);
      storage.failWhen(/^PUT p\/retried\.bin$/, 2);
      await store.putFile('p/retried.bin', path, { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
      expect(storage.requests.filter((r) => r === 'PUT p/retried.bin')).toHaveLength(3);
      expect(Buffer.from(await storage.bytes('p/retried.bin')).equals(bytes)).toBe(true);
    } finally {
      store.close();
    }
  });
});
