import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  NoSuchKey,
  paginateListObjectsV2,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { DomainError, type PluginLogger } from '@kits/plugin-sdk';
import type { BiExportConfig } from './export-config.ts';

/** The bucket as the export uses it: put a file or a JSON document, read one back, list and delete keys. */
export interface ObjectStore {
  /** Uploads the file at `path`; the store checks the bytes against `sha256` (hex). */
  putFile(key: string, path: string, file: { readonly bytes: number; readonly sha256: string }): Promise<void>;
  putJson(key: string, value: unknown): Promise<void>;
  /** The JSON document at `key`, or undefined when there is none. */
  getJson(key: string): Promise<unknown>;
  listKeys(prefix: string): Promise<string[]>;
  deleteKeys(keys: readonly string[]): Promise<void>;
  close(): void;
}

/** S3 allows at most this many keys in one DeleteObjects request. */
const DELETE_BATCH = 1000;

/** Tries of an upload: the SDK cannot retry a streamed body, so a file upload is retried here with a fresh stream. */
const UPLOAD_ATTEMPTS = 3;

/** Whether trying again may help: no answer at all (the network), a 5xx, or throttling. */
const worthRetrying = (error: unknown): boolean => {
  if (!(error instanceof S3ServiceException)) return true;
  const status = error.$metadata.httpStatusCode;
  return status === undefined || status >= 500 || status === 429 || error.$retryable !== undefined;
};

/**
 * A failure of the storage service, told so a merchant can act on it: the operation, the object
 * and the service's own words. 502: the export could not reach or use the bucket.
 */
export function storageFailure(config: BiExportConfig, what: string, key: string, error: unknown): DomainError {
  const reason =
    error instanceof S3ServiceException
      ? `${error.name} (HTTP ${error.$metadata.httpStatusCode ?? '?'}): ${error.message}`
      : error instanceof Error
        ? `${error.name}: ${error.message}`
        : String(error);
  return new DomainError(
    'reports.bi_export_storage_failed',
    502,
    `BI export could not ${what} s3://${config.bucket}/${key}: ${reason.replace(/\.$/, '')}. Check the BI export settings (bucket, endpoint, region, ` +
      'access keys) and that the key may put, list and delete objects under the prefix; the previous export of the day is unchanged.',
    { bucket: config.bucket, key },
  );
}

/** The tenant's bucket through `@aws-sdk/client-s3`, with the tenant's own credentials only. */
export function s3ObjectStore(config: BiExportConfig, log: PluginLogger): ObjectStore {
  // The SDK's own notes (a streamed request it will not retry, …) are detail: the outcome is told by our errors.
  const sdkLog = (message: unknown, ...more: unknown[]) => log.debug({ sdk: [message, ...more].map(String).join(' ') }, 'S3 client');
  const client = new S3Client({
    logger: { trace: sdkLog, debug: sdkLog, info: sdkLog, warn: sdkLog, error: sdkLog },
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    // We send a SHA-256 of every object ourselves; the SDK adds checksums only where S3 requires one.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  });
  const attempt = async <T>(what: string, key: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw storageFailure(config, what, key, error);
    }
  };
  const base64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

  return {
    putFile: (key, path, file) =>
      attempt('upload', key, async () => {
        for (let tried = 1; ; tried += 1) {
          try {
            await client.send(
              new PutObjectCommand({
                Bucket: config.bucket,
                Key: key,
                Body: createReadStream(path),
                ContentLength: file.bytes,
                ContentType: 'application/vnd.apache.parquet',
                ChecksumSHA256: base64(file.sha256),
              }),
            );
            return;
          } catch (error) {
            if (tried >= UPLOAD_ATTEMPTS || !worthRetrying(error)) throw error;
            await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** (tried - 1)));
          }
        }
      }),
    putJson: (key, value) =>
      attempt('upload', key, async () => {
        const body = Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
        await client.send(
          new PutObjectCommand({
            Bucket: config.bucket,
            Key: key,
            Body: body,
            ContentType: 'application/json',
            ChecksumSHA256: createHash('sha256').update(body).digest('base64'),
          }),
        );
      }),
    getJson: (key) =>
      attempt('read', key, async () => {
        try {
          const object = await client.send(new GetObjectCommand({ Bucket: config.bucket, Key: key }));
          return JSON.parse(await object.Body!.transformToString('utf-8')) as unknown;
        } catch (error) {
          if (error instanceof NoSuchKey) return undefined;
          throw error;
        }
      }),
    listKeys: (prefix) =>
      attempt('list', prefix, async () => {
        const keys: string[] = [];
        for await (const page of paginateListObjectsV2({ client }, { Bucket: config.bucket, Prefix: prefix })) {
          for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
        }
        return keys;
      }),
    deleteKeys: async (keys) => {
      for (let at = 0; at < keys.length; at += DELETE_BATCH) {
        const batch = keys.slice(at, at + DELETE_BATCH);
        await attempt('delete', batch[0]!, async () => {
          const answer = await client.send(
            new DeleteObjectsCommand({ Bucket: config.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
          );
          const failed = answer.Errors?.[0];
          if (failed)
            throw new Error(
              `${failed.Code ?? 'error'} on ${failed.Key ?? '?'}: ${failed.Message ?? ''} (${answer.Errors!.length} keys not deleted)`,
            );
        });
      }
    },
    close: () => client.destroy(),
  };
}
