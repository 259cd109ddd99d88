import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOST_STATUS_QUERY, parseHostStatus } from '../src/shared/host-status.ts';
import { labelDots } from '../src/shared/label-stock.ts';
import { STARTER_TEMPLATES } from '../src/shared/label-template.ts';
import { labelZpl } from '../src/shared/label-zpl.ts';
import { labelCopies, startLoopbackZebra, type LoopbackZebra } from '../../../testing/loopback-zebra.ts';

/** Sends `bytes` on one connection and answers what came back before the printer or we hung up. */
function exchange(zebra: LoopbackZebra, bytes: Uint8Array, wait: boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect(zebra.port, zebra.host);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (Buffer.concat(chunks).toString('latin1').split('\n').length > 3) socket.end();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
    socket.write(bytes, () => {
      if (!wait) socket.end();
    });
  });
}

describe('a loopback Zebra printer receives the exact label bytes', () => {
  let zebra: LoopbackZebra;
  beforeAll(async () => {
    zebra = await startLoopbackZebra();
  });
  afterAll(async () => zebra?.close());

  it('answers ~HS as the manual frames it, in the state it is in', async () => {
    expect(parseHostStatus(await exchange(zebra, HOST_STATUS_QUERY, true)).problems).toEqual([]);
    zebra.setState('paused');
    expect(parseHostStatus(await exchange(zebra, HOST_STATUS_QUERY, true)).problems).toEqual(['paused']);
    zebra.setState('ready');
  });

  it('takes the ZPL of a batch byte for byte, UTF-8 and all', async () => {
    const [shelf] = STARTER_TEMPLATES;
    const zpl =
      labelZpl(
        shelf!,
        { name: 'Crème fraîche ^ 200 ml', price: { amount: 189, currency: 'EUR' }, code: '4006381333931', sku: 'CF-200' },
        { copies: 3 },
      ) +
      labelZpl(
        shelf!,
        { name: 'Gruyère AOP', price: { amount: 2450, currency: 'EUR' }, code: '5901234123457', sku: 'GRU-1' },
        { copies: 2 },
      );
    const bytes = new TextEncoder().encode(zpl);
    await exchange(zebra, bytes, false);
    const job = await zebra.nextJob();
    expect(job.equals(Buffer.from(bytes))).toBe(true);
    expect(labelCopies(job)).toEqual([3, 2]);
    expect(job.toString('utf8')).toContain('Crème fraîche _5E 200 ml');
    expect(job.toString('utf8')).toContain(`^PW${labelDots('shelf-2.25x1.25', 203).width}`);
  });
});
