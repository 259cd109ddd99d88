import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import type { SendingOptions } from '../operator-options.ts';
import { DestinationRefused, guardedLookup, hostOf, hostResolver, permittedAddresses, type ResolvedAddress } from './destination.ts';

/** The first KiB of a response body goes to the delivery log. */
export const RESPONSE_EXCERPT_BYTES = 1024;
/** Reading stops (and the connection is closed) after this much of a response body. */
export const RESPONSE_READ_LIMIT_BYTES = 64 * 1024;

export interface SendOutcome {
  /** The receiver's status code; undefined when no answer came (refused, timed out, connection failed). */
  readonly status?: number;
  readonly excerpt?: string;
  readonly durationMs: number;
  /** Why it did not succeed (the status, a redirect not followed, a refused address, a timeout), undefined on 2xx. */
  readonly error?: string;
}

/**
 * Posts deliveries to receivers without following redirects, with a time limit over the whole
 * exchange and a read limit on the answer, through agents whose `lookup` refuses private addresses
 * at connect time (DNS rebinding). Keep-alive agents: a checked connection is reused, never re-aimed.
 */
export class WebhookHttp {
  readonly #options: SendingOptions;
  readonly #resolve: (host: string) => Promise<ResolvedAddress[]>;
  readonly #http: http.Agent;
  readonly #https: https.Agent;

  constructor(options: SendingOptions) {
    this.#options = options;
    this.#resolve = hostResolver(options);
    const lookup = guardedLookup(options, this.#resolve);
    this.#http = new http.Agent({ keepAlive: true, maxSockets: 64, lookup });
    this.#https = new https.Agent({
      keepAlive: true,
      maxSockets: 64,
      lookup,
      ...(options.extraCa ? { ca: [...rootCertificates, options.extraCa] } : {}),
    });
  }

  get resolve(): (host: string) => Promise<ResolvedAddress[]> {
    return this.#resolve;
  }

  close(): void {
    this.#http.destroy();
    this.#https.destroy();
  }

  async post(target: string, headers: Readonly<Record<string, string>>, body: string): Promise<SendOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const url = new URL(target);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.#options.allowHttp))
      return { durationMs: 0, error: `refused: ${url.protocol} is not allowed on this installation (https only)` };
    const host = hostOf(url);
    try {
      // Socket lookups are skipped for IP literals: check those here.
      if (host.includes(':') || /^[\d.]+$/.test(host)) await permittedAddresses(host, this.#options, this.#resolve);
    } catch (error) {
      return { durationMs: elapsed(), error: `refused: ${(error as Error).message}` };
    }
    const payload = Buffer.from(body, 'utf8');
    return new Promise<SendOutcome>((resolve) => {
      let settled = false;
      const finish = (outcome: SendOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const request = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'POST',
        agent: url.protocol === 'https:' ? this.#https : this.#http,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(payload.length),
          'user-agent': 'KiTS-Webhooks/1',
        },
      });
      const timer = setTimeout(() => {
        request.destroy();
        finish({ durationMs: elapsed(), error: `timed out after ${this.#options.timeoutMs} ms` });
      }, this.#options.timeoutMs);
      request.on('error', (error: Error & { code?: string }) => {
        const refused = error instanceof DestinationRefused || error.code?.startsWith('webhooks.');
        finish({ durationMs: elapsed(), error: refused ? `refused: ${error.message}` : `${error.code ?? 'error'}: ${error.message}` });
      });
      request.on('response', (response) => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let read = 0;
        const done = () => {
          const excerpt = Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8');
          const error =
            status >= 200 && status < 300
              ? undefined
              : status >= 300 && status < 400
                ? `answered ${status} (a redirect to ${String(response.headers.location ?? 'nowhere')}); redirects are not followed`
                : `answered ${status}`;
          finish({ status, excerpt, durationMs: elapsed(), ...(error ? { error } : {}) });
        };
        response.on('data', (chunk: Buffer) => {
          if (read < RESPONSE_EXCERPT_BYTES) chunks.push(chunk);
          read += chunk.length;
          if (read > RESPONSE_READ_LIMIT_BYTES) {
            // Enough read: the rest is not ours to wait for.
            response.destroy();
            done();
          }
        });
        response.on('end', done);
        response.on('error', done);
        response.on('close', done);
      });
      request.end(payload);
    });
  }
}
