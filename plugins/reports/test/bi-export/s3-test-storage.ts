import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from '@20minutes/s3rver';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * A real S3-compatible server for the tests: s3rver (in process, objects on disk in a temporary
 * folder) behind a small gateway that checks what S3 checks and s3rver does not, or not right:
 *   - the SigV4 signature, recomputed with @smithy/signature-v4 from the secret (s3rver gets the
 *     canonical path of bucket-level requests wrong for today's SDK: `/bucket/` is signed, it
 *     computes `/bucket`; so it runs with allowMismatchedSignatures and the gateway checks);
 *   - `x-amz-checksum-sha256` and a hex `x-amz-content-sha256` against the body (400 BadDigest /
 *     XAmzContentSHA256Mismatch, as S3 answers).
 * It records each request (method and key) and can be told to fail requests (S3's 500
 * InternalError), to prove what a failed upload leaves behind.
 */
export interface TestStorage {
  /** The gateway's URL: what the export's `endpoint` setting names. */
  readonly endpoint: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Every request that reached the gateway, in order: `PUT key`, `GET key`, `DELETE …` (bucket-level: `POST ?delete`). */
  readonly requests: string[];
  /** Answers 500 InternalError to requests whose `METHOD key` matches: the next `times` of them, or all until `healed`. */
  failWhen(pattern: RegExp, times?: number): void;
  healed(): void;
  /** A client of the same bucket, for a test to look at what was written. */
  readonly client: S3Client;
  keys(prefix: string): Promise<string[]>;
  bytes(key: string): Promise<Uint8Array>;
  json(key: string): Promise<unknown>;
  put(key: string, body: string): Promise<void>;
  close(): Promise<void>;
}

// s3rver's own account (it knows no other); the gateway checks the signature with its secret.
const ACCESS_KEY_ID = 'S3RVER';
const SECRET_ACCESS_KEY = 'S3RVER';
const REGION = 'us-east-1';

/** SignatureV4's hash: SHA-256, or HMAC-SHA-256 when given a secret, from node:crypto. */
class NodeSha256 {
  readonly #hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
  reset(): void {
    throw new Error('not used');
  }
}
const toBuffer = (data: string | ArrayBuffer | ArrayBufferView): Buffer =>
  typeof data === 'string'
    ? Buffer.from(data)
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

const s3Error = (response: ServerResponse, status: number, code: string, message: string) => {
  response.writeHead(status, { 'content-type': 'application/xml' });
  response.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
};

const readBody = async (request: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/** The signature the client should have sent, or a reason the request cannot be checked. */
async function expectedSignature(request: IncomingMessage, url: URL): Promise<{ provided: string; expected: string } | string> {
  const authorization = request.headers.authorization ?? '';
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
  if (!match) return 'no SigV4 Authorization header';
  const [, accessKeyId, , region, signedHeaders, provided] = match as unknown as [string, string, string, string, string, string];
  if (accessKeyId !== ACCESS_KEY_ID) return `unknown access key ${accessKeyId}`;
  const headers: Record<string, string> = {};
  for (const name of signedHeaders.split(';')) headers[name] = String(request.headers[name] ?? '');
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = value;
  const date = headers['x-amz-date'] ?? '';
  const signingDate = new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);
  const signer = new SignatureV4({
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
    region,
    service: 's3',
    sha256: NodeSha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: request.method ?? 'GET',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query,
      headers,
    },
    { signingDate },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1] ?? '';
  return { provided, expected };
}

export async function startTestStorage(bucket = 'kits-bi'): Promise<TestStorage> {
  const directory = await mkdtemp(join(tmpdir(), 'kits-s3rver-'));
  const s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: process.env.S3RVER_LOG !== '1',
    directory,
    allowMismatchedSignatures: true,
    configureBuckets: [{ name: bucket }],
  });
  const { port: s3rverPort } = (await s3rver.run()) as AddressInfo;
  const requests: string[] = [];
  let failing: { pattern: RegExp; left: number } | undefined;
  const fails = (label: string) => {
    if (!failing?.pattern.test(label) || failing.left <= 0) return false;
    failing.left -= 1;
    return true;
  };

  const gateway: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
      const key = decodeURIComponent(url.pathname.replace(/^\/[^/]+\/?/, ''));
      const label = `${request.method} ${key || `?${[...url.searchParams.keys()].join('&')}`}`;
      requests.push(label);
      const body = await readBody(request);
      if (fails(label)) return s3Error(response, 500, 'InternalError', 'We encountered an internal error. Please try again.');
      const signature = await expectedSignature(request, url);
      if (typeof signature === 'string') return s3Error(response, 403, 'AccessDenied', signature);
      if (signature.provided !== signature.expected) {
        return s3Error(
          response,
          403,
          'SignatureDoesNotMatch',
          'The request signature we calculated does not match the signature you provided.',
        );
      }
      const contentSha = String(request.headers['x-amz-content-sha256'] ?? '');
      if (/^[0-9a-f]{64}$/.test(contentSha) && createHash('sha256').update(body).digest('hex') !== contentSha) {
        return s3Error(
          response,
          400,
          'XAmzContentSHA256Mismatch',
          "The provided 'x-amz-content-sha256' header does not match what was computed.",
        );
      }
      const checksum = request.headers['x-amz-checksum-sha256'];
      if (checksum !== undefined && createHash('sha256').update(body).digest('base64') !== checksum) {
        return s3Error(response, 400, 'BadDigest', 'The SHA256 you specified did not match the calculated checksum.');
      }
      const upstream = forward(
        {
          host: '127.0.0.1',
          port: s3rverPort,
          method: request.method,
          path: request.url,
          headers: { ...request.headers, 'content-length': String(body.length) },
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on('error', (error) => s3Error(response, 502, 'BadGateway', error.message));
      upstream.end(body);
    })().catch((error: unknown) => s3Error(response, 500, 'InternalError', String(error)));
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  const client = new S3Client({
    endpoint,
    region: REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

  return {
    endpoint,
    bucket,
    accessKeyId: ACCESS_KEY_ID,
    secretAccessKey: SECRET_ACCESS_KEY,
    requests,
    failWhen: (pattern, times = Infinity) => void (failing = { pattern, left: times }),
    healed: () => void (failing = undefined),
    client,
    async keys(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        keys.push(...(page.Contents ?? []).map((o) => o.Key!));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys.sort();
    },
    async bytes(key) {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return object.Body!.transformToByteArray();
    },
    async json(key) {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return JSON.parse(await object.Body!.transformToString()) as unknown;
    },
    async put(key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    async close() {
      client.destroy();
      const closed = new Promise<void>((resolve) => gateway.close(() => resolve()));
      gateway.closeAllConnections();
      await closed;
      await s3rver.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
