import { TillHardwareError, type TillHardware, type TillPluginContext, type TillSaleScreenView } from '@kits/plugin-sdk/till';
import { describe, expect, it } from 'vitest';
import { SaleScreenChannel } from '../../src/plugins/sale-screen-channel.ts';
import { displayJob } from '../../../plugins/escpos-receipts/src/shared/customer-display.ts';
import plugin from '../../../plugins/escpos-receipts/src/till.ts';

type Written = { path: string; baudRate: number; job: Uint8Array };

/** The till's hardware as far as the plugin can tell: it keeps each serial write (and fails the ones it is told to). */
function serialKeeping(written: Written[], failing: { next?: TillHardwareError } = {}): TillHardware {
  const never = () => Promise.reject(new TillHardwareError('hardware.failed', 'the display only writes to its serial port'));
  return {
    available: async () => true,
    tcpPrint: never,
    tcpExchange: never,
    listSerialPorts: async () => ({ ports: [] }),
    async serialWrite(path, baudRate, job) {
      const failure = failing.next;
      failing.next = undefined;
      if (failure) throw failure;
      written.push({ path, baudRate, job });
      return { bytesWritten: job.byteLength };
    },
  };
}

/** Activates the plugin's till bundle as the till does, with the till's own sale screen channel. */
async function activated(settings: Record<string, unknown>, hardware: TillHardware): Promise<SaleScreenChannel> {
  const saleScreen = new SaleScreenChannel();
  const context = {
    settings,
    hardware,
    receipts: { addPrinter: () => undefined },
    saleScreen,
    location: { id: 'store-1', name: 'Harbour Store' },
  } as unknown as TillPluginContext;
  await plugin.activate(context);
  return saleScreen;
}

/** Lets the display's queued writes run. */
const settled = async (written: Written[], count: number) => {
  await expect.poll(() => written.length).toBe(count);
};

const espresso = { name: 'Espresso', quantity: 1, total: 250 };
const cart: TillSaleScreenView = { step: 'cart', currency: 'EUR', lines: [espresso], lastLine: espresso, total: 250 };
const display = { path: '/dev/ttyUSB1', baudRate: 19200 };

describe('the customer display follows the till’s sale screen', () => {
  it('is off by default: no display setting, no write', async () => {
    const written: Written[] = [];
    const saleScreen = await activated({}, serialKeeping(written));

    saleScreen.show(cart);
    saleScreen.show({ step: 'completed', currency: 'EUR', saleId: 's', total: 250, paid: 500, change: 250, cash: true });

    await expect.poll(() => written.length).toBe(0);
  });

  it('writes each screen to the serial port the setting names, at its baud rate, the store’s name when the shop has none', async () => {
    const written: Written[] = [];
    const saleScreen = await activated({ customerDisplay: display }, serialKeeping(written));

    saleScreen.show({ step: 'cart', currency: 'EUR', lines: [], total: 0 });
    saleScreen.show(cart);
    saleScreen.show(cart);

    await settled(written, 2);
    expect(written.map(({ path, baudRate }) => ({ path, baudRate }))).toEqual([display, display]);
    expect(written[0]!.job).toEqual(displayJob({ upper: '      Welcome       ', lower: '   Harbour Store    ' }));
    expect(written[1]!.job).toEqual(displayJob({ upper: 'Espresso        2.50', lower: 'TOTAL           2.50' }));
  });

  it('says thank you at once after a card sale, naming the shop when the settings do', async () => {
    const written: Written[] = [];
    const saleScreen = await activated({ customerDisplay: display, shopName: 'Corner Café' }, serialKeeping(written));

    saleScreen.show(cart);
    saleScreen.show({ step: 'completed', currency: 'EUR', saleId: 's', total: 250, paid: 250, change: 0, cash: false });

    await settled(written, 2);
    expect(written[1]!.job).toEqual(displayJob({ upper: '     Thank you!     ', lower: '    Corner Café     ' }));
  });

  it('reports a display that fails and goes on with the next screen: the sale is not held up', async () => {
    const written: Written[] = [];
    const failing = { next: new TillHardwareError('serial.port_not_found', 'There is no serial port at /dev/ttyUSB1: check the cable.') };
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const saleScreen = await activated({ customerDisplay: display }, serialKeeping(written, failing));

      expect(() => saleScreen.show(cart)).not.toThrow();
      saleScreen.show({ step: 'tender', currency: 'EUR', total: 250, paid: 0 });

      await settled(written, 1);
      expect(written[0]!.job).toEqual(displayJob({ upper: 'TOTAL           2.50', lower: 'DUE             2.50' }));
      expect(String((errors[0] as unknown[])[0])).toBe('ESC/POS receipts: the customer display on /dev/ttyUSB1 was not updated:');
      expect((errors[0] as unknown[])[1]).toMatchObject({ code: 'serial.port_not_found' });
    } finally {
      console.error = original;
    }
  });

  it('treats a malformed display setting as no display', async () => {
    const written: Written[] = [];
    const saleScreen = await activated({ customerDisplay: { path: '/dev/ttyUSB1', baudRate: 12345 } }, serialKeeping(written));

    saleScreen.show(cart);

    await expect.poll(() => written.length).toBe(0);
  });
});
