import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/**
 * A kernel logger that keeps what it logs at error level, for tests that assert a failure was
 * logged (and why): `logged` holds each line as pino wrote it.
 */
export function errorLogCapture(): { readonly logger: Logger; readonly logged: string[] } {
  const logged: string[] = [];
  const logger = pino(
    { level: 'error' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged.push(chunk.toString());
        done();
      },
    }),
  );
  return { logger, logged };
}
