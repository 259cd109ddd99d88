import { afterEach, describe, expect, it } from 'vitest';
import { exchangeOverTcp } from '../../hardware/tcp-exchange.ts';
import { refusedPort } from './support/loopback-printer.ts';
import { HOST_STATUS, HOST_STATUS_QUERY, startDeviceAnswering, startLoopbackZebra } from '../../../testing/loopback-zebra.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

describe('asking a network printer and reading its answer', () => {
  it.each(Object.entries(HOST_STATUS))('answers a Zebra’s three ~HS lines exactly (%s)', async (_state, status) => {
    const zebra = await startLoopbackZebra(status);
    cleanups.push(() => zebra.close());

    const answer = await exchangeOverTcp(zebra, HOST_STATUS_QUERY, { answerLines: 3 });

    expect(answer).toBeInstanceOf(Uint8Array);
    expect(text(answer)).toBe(status);
    expect(zebra.received).toEqual([HOST_STATUS_QUERY]);
  });

  it('takes the answer as whole once the device goes quiet, when the number of lines is not given', async () => {
    const zebra = await startLoopbackZebra(HOST_STATUS.paused);
    cleanups.push(() => zebra.close());

    const answer = await exchangeOverTcp(zebra, HOST_STATUS_QUERY, { idleMs: 100 });

    expect(text(answer)).toBe(HOST_STATUS.paused);
  });

  it('takes what a device sent before it closed the connection', async () => {
    const device = await startDeviceAnswering(Buffer.from('OK'), 'closes');
    cleanups.push(() => device.close());

    const answer = await exchangeOverTcp(device, Uint8Array.from([0x10, 0x04, 0x01]), { idleMs: 10_000, timeoutMs: 10_000 });

    expect(text(answer)).toBe('OK');
  });

  it('reads at most 64 KiB of an answer', async () => {
    const device = await startDeviceAnswering(Buffer.alloc(100 * 1024, 0x41));
    cleanups.push(() => device.close());

    const answer = await exchangeOverTcp(device, HOST_STATUS_QUERY, { idleMs: 10_000, timeoutMs: 10_000 });

    expect(answer.byteLength).toBe(64 * 1024);
    expect(answer.every((byte) => byte === 0x41)).toBe(true);
  });

  it('rejects with printer.no_answer when the device takes the request and answers nothing', async () => {
    const device = await startDeviceAnswering(Buffer.alloc(0));
    cleanups.push(() => device.close());

    const asking = exchangeOverTcp(device, HOST_STATUS_QUERY, { timeoutMs: 200 });

    await expect(asking).rejects.toMatchObject({
      name: 'DeviceError',
      code: 'printer.no_answer',
      message: `The printer at 127.0.0.1:${device.port} took the request but answered nothing within 200 ms: check that the port is its raw port (usually 9100), that it is a printer that answers this request (a Zebra answers ~HS), and that it is not busy or in an error state.`,
    });
  });

  it('rejects with printer.no_answer when the device closes the connection without answering', async () => {
    const device = await startDeviceAnswering(Buffer.alloc(0), 'closes');
    cleanups.push(() => device.close());

    await expect(exchangeOverTcp(device, HOST_STATUS_QUERY, { timeoutMs: 10_000 })).rejects.toMatchObject({
      code: 'printer.no_answer',
      message: expect.stringContaining('closed the connection without answering'),
    });
  });

  it('says the printer refused when nothing listens on the port, as printing does', async () => {
    const port = await refusedPort();

    await expect(exchangeOverTcp({ host: '127.0.0.1', port }, HOST_STATUS_QUERY)).rejects.toMatchObject({
      code: 'printer.connection_refused',
      message: `The printer at 127.0.0.1:${port} refused the connection: check the port (raw printing is usually 9100) and that the printer is ready.`,
    });
  });
});
