import { createDecipheriv, createECDH, createHmac, createPublicKey, randomBytes, verify } from 'node:crypto';
import { createServer, type Server } from 'node:http';

/** A browser's side of a push subscription: its P-256 key pair and auth secret (RFC 8291), as PushManager.subscribe makes them. */
export interface BrowserKeys {
  readonly p256dh: string;
  readonly auth: string;
  decrypt(body: Buffer): string;
}

export function browserKeys(): BrowserKeys {
  const ecdh = createECDH('prime256v1');
  const publicKey = ecdh.generateKeys();
  const auth = randomBytes(16);
  const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();
  return {
    p256dh: publicKey.toString('base64url'),
    auth: auth.toString('base64url'),
    /** Opens an aes128gcm body (RFC 8188 header, RFC 8291 keys): what the browser does with a push message. */
    decrypt(body) {
      const salt = body.subarray(0, 16);
      const idLength = body[20]!;
      const serverKey = body.subarray(21, 21 + idLength);
      const ciphertext = body.subarray(21 + idLength);
      const shared = ecdh.computeSecret(serverKey);
      const prkKey = hmac(auth, shared);
      const ikm = hmac(prkKey, Buffer.concat([Buffer.from('WebPush: info\0'), publicKey, serverKey, Buffer.from([1])]));
      const prk = hmac(salt, ikm);
      const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01', 'binary')).subarray(0, 16);
      const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01', 'binary')).subarray(0, 12);
      const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
      decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
      const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
      let end = padded.length;
      while (end > 0 && padded[end - 1] === 0) end--;
      if (padded[end - 1] !== 2) throw new Error('the last record does not end with the delimiter 0x02');
      return padded.subarray(0, end - 1).toString('utf8');
    },
  };
}

export interface ReceivedPush {
  readonly path: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/**
 * A push service on the loopback, as a browser vendor runs one: takes POST /push/<id> with an
 * aes128gcm body and a VAPID Authorization, refuses anything else (400/401), answers 201 — or 410
 * Gone for the ids in `gone` (a browser that unsubscribed).
 */
export async function startPushService(): Promise<{ origin: string; received: ReceivedPush[]; gone: Set<string>; close(): Promise<void> }> {
  const received: ReceivedPush[] = [];
  const gone = new Set<string>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const id = request.url?.replace(/^\/push\//, '') ?? '';
      if (gone.has(id)) return void response.writeHead(410).end();
      if (request.method !== 'POST' || request.headers['content-encoding'] !== 'aes128gcm' || !request.headers['ttl'])
        return void response.writeHead(400).end('bad push request');
      const vapid = /^vapid t=([^,]+), k=(.+)$/.exec(String(request.headers['authorization'] ?? ''));
      if (!vapid || !vapidValid(vapid[1]!, vapid[2]!, `http://${request.headers.host}`))
        return void response.writeHead(401).end('bad VAPID');
      received.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(201).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { origin: `http://127.0.0.1:${port}`, received, gone, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** RFC 8292: an ES256 JWT for this audience, signed by the key `k` names, not expired. */
function vapidValid(jwt: string, k: string, audience: string): boolean {
  const [header, claims, signature] = jwt.split('.');
  const point = Buffer.from(k, 'base64url');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') },
    format: 'jwk',
  });
  const signed = verify(
    'sha256',
    Buffer.from(`${header}.${claims}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature!, 'base64url'),
  );
  const body = JSON.parse(Buffer.from(claims!, 'base64url').toString('utf8')) as { aud: string; exp: number; sub: string };
  return signed && body.aud === audience && body.exp * 1000 > Date.now() && /^mailto:|^https:/.test(body.sub);
}
