import {
  TillHardwareError,
  type ReceiptPrinter,
  type TillHardware,
  type TillPeripheralIdentity,
  type TillPluginContext,
} from '@kits/plugin-sdk/till';
import { describe, expect, it } from 'vitest';
import { IDENTITY_QUERY, parsePrinterIdentity } from '../src/shared/printer-identity.ts';
import { withDefaults, type EscPosSettings } from '../src/shared/settings.ts';
import plugin from '../src/till.ts';
import { readJob } from './support/print-job.ts';
import { cashSale } from './support/receipts.ts';

type Sent =
  { via: 'tcp'; host: string; port: number; job: Uint8Array } | { via: 'serial'; path: string; baudRate: number; job: Uint8Array };

/** What the printer answers `GS I`, and every question it was asked. */
interface Questions {
  readonly asked: Array<{ host: string; port: number; bytes: Uint8Array }>;
  /** Its answer; undefined: it answers nothing (`printer.no_answer`). */
  answer?: Uint8Array;
}

/** The till's hardware as far as the plugin can tell: it takes the jobs (and can be made to fail like a real printer). */
function hardwareKeeping(sent: Sent[], failure?: TillHardwareError, questions: Questions = { asked: [] }): TillHardware {
  return {
    available: async () => true,
    async tcpPrint(host, port, job) {
      if (failure) throw failure;
      sent.push({ via: 'tcp', host, port, job });
      return { bytesWritten: job.byteLength };
    },
    async serialWrite(path, baudRate, job) {
      if (failure) throw failure;
      sent.push({ via: 'serial', path, baudRate, job });
      return { bytesWritten: job.byteLength };
    },
    async tcpExchange(host, port, bytes) {
      questions.asked.push({ host, port, bytes });
      if (!questions.answer) throw new TillHardwareError('printer.no_answer', `The printer at ${host}:${port} did not answer.`);
      return questions.answer;
    },
    listSerialPorts: async () => ({ ports: [] }),
  };
}

/** Activates the plugin's till bundle as the till does and answers the printer it offers (and what it told the till's peripherals). */
async function offeredPrinter(
  settings: Partial<EscPosSettings>,
  hardware: TillHardware,
  identified: TillPeripheralIdentity[] = [],
): Promise<ReceiptPrinter[]> {
  const printers: ReceiptPrinter[] = [];
  const context = {
    settings,
    hardware,
    peripherals: { identified: (identity: TillPeripheralIdentity) => identified.push(identity) },
    receipts: { addPrinter: (printer: ReceiptPrinter) => printers.push(printer) },
  } as unknown as TillPluginContext<Partial<EscPosSettings>>;
  await plugin.activate(context);
  return printers;
}

/** A TM-T88VI's answer to GS I 67 then GS I 65: `_` + text + NUL each (ESC/POS command reference, GS I). */
const TM_T88VI = Uint8Array.from(Buffer.from('_TM-T88VI\x00_30.27 ESC/POS\x00', 'latin1'));
/** Everything the identification asked was answered once the job's promise and a tick have passed. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

/** Two receipts on the network printer, which answers GS I with `answer` (undefined: nothing): what it was sent and asked, and what the till was told. */
async function twoReceiptsOnAPrinterAnswering(answer: Uint8Array | undefined) {
  const sent: Sent[] = [];
  const questions: Questions = { asked: [], ...(answer ? { answer } : {}) };
  const identified: TillPeripheralIdentity[] = [];
  const [printer] = await offeredPrinter(network, hardwareKeeping(sent, undefined, questions), identified);
  for (let receipt = 0; receipt < 2; receipt++) {
    await printer!.print(cashSale);
    await settled();
  }
  return { sent, questions, identified };
}

const commands = (job: Uint8Array) => readJob(job).flatMap((step) => ('command' in step ? [step.command] : []));
const network = { connection: { type: 'tcp', host: '192.168.1.50', port: 9100 } } as const;

describe('the ESC/POS receipt printer on the till', () => {
  it('offers one printer, “Receipt printer”, and prints a receipt as one job to the network printer the settings name', async () => {
    const sent: Sent[] = [];
    const printers = await offeredPrinter(network, hardwareKeeping(sent));

    expect(printers.map((printer) => printer.name)).toEqual(['Receipt printer']);
    await printers[0]!.print(cashSale);

    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ via: 'tcp', host: '192.168.1.50', port: 9100 });
    const job = sent[0]!.job;
    expect([...job.subarray(0, 2)]).toEqual([0x1b, 0x40]);
    expect([...job.subarray(-4)]).toEqual([0x1d, 0x56, 66, 0]);
  });

  it('asks a network printer its model and firmware (GS I) once, after its first receipt, and tells the till', async () => {
    const { sent, questions, identified } = await twoReceiptsOnAPrinterAnswering(TM_T88VI);

    expect(sent).toHaveLength(2);
    expect(questions.asked).toEqual([{ host: '192.168.1.50', port: 9100, bytes: IDENTITY_QUERY }]);
    expect([...IDENTITY_QUERY]).toEqual([0x1d, 0x49, 67, 0x1d, 0x49, 65]);
    expect(identified).toEqual([{ kind: 'receipt-printer', address: '192.168.1.50:9100', model: 'TM-T88VI', version: '30.27 ESC/POS' }]);
  });

  it('a printer that does not answer GS I still prints, is asked no more, and says nothing of itself', async () => {
    const { sent, questions, identified } = await twoReceiptsOnAPrinterAnswering(undefined);

    expect(sent).toHaveLength(2);
    expect(questions.asked).toHaveLength(1);
    expect(identified).toEqual([]);
  });

  it('a serial printer is never asked (the till writes to serial ports, it does not read them)', async () => {
    const questions: Questions = { asked: [], answer: TM_T88VI };
    const [printer] = await offeredPrinter(
      { connection: { type: 'serial', path: '/dev/ttyUSB0', baudRate: 19200 } },
      hardwareKeeping([], undefined, questions),
    );
    await printer!.print(cashSale);
    await settled();
    expect(questions.asked).toEqual([]);
  });

  it.each([
    ['a TM-T88VI', '_TM-T88VI\x00_30.27 ESC/POS\x00', { model: 'TM-T88VI', firmware: '30.27 ESC/POS' }],
    [
      'a TM-m30 with a status byte between',
      '_TM-m30\x00\x14\x00\x00\x0f_10.06 ESC/POS\x00',
      { model: 'TM-m30', firmware: '10.06 ESC/POS' },
    ],
    ['the model alone', '_TSP100\x00', { model: 'TSP100' }],
    ['nothing of the kind', 'HELLO\r\n', null],
    ['an empty answer', '', null],
    ['a header without its NUL', '_TM-T88VI', null],
  ])('reads %s', (_case, answer, expected) => {
    expect(parsePrinterIdentity(Uint8Array.from(Buffer.from(answer, 'latin1')))).toEqual(expected);
  });

  it('writes to a serial printer at its baud rate', async () => {
    const sent: Sent[] = [];
    const [printer] = await offeredPrinter(
      { connection: { type: 'serial', path: '/dev/ttyUSB0', baudRate: 19200 } },
      hardwareKeeping(sent),
    );

    await printer!.print(cashSale);

    expect(sent).toMatchObject([{ via: 'serial', path: '/dev/ttyUSB0', baudRate: 19200 }]);
  });

  it.each([
    ['the first receipt of a cash sale', network, cashSale, true],
    ['a copy', network, { ...cashSale, reprint: true }, false],
    ['a sale paid by card', network, { ...cashSale, tenders: [{ method: 'card', amount: 1900 }], change: 0 }, false],
    ['a return', network, { ...cashSale, kind: 'return' as const }, false],
    ['a cash sale when the settings say not to', { ...network, openDrawerOnCash: false }, cashSale, false],
  ])('opens the cash drawer for %s: %s', async (_case, settings, receipt, opens) => {
    const sent: Sent[] = [];
    const [printer] = await offeredPrinter(settings, hardwareKeeping(sent));

    await printer!.print(receipt);

    expect(commands(sent[0]!.job).includes('drawer kick')).toBe(opens);
  });

  it('opens the drawer on its own when asked', async () => {
    const sent: Sent[] = [];
    const [printer] = await offeredPrinter(network, hardwareKeeping(sent));

    await printer!.openCashDrawer!();

    expect(commands(sent[0]!.job)).toEqual(['initialize', 'drawer kick']);
  });

  it('says an admin must set the connection when none is set, and sends nothing', async () => {
    const sent: Sent[] = [];
    const [printer] = await offeredPrinter({}, hardwareKeeping(sent));

    await expect(printer!.print(cashSale)).rejects.toThrow(
      'ESC/POS receipts does not know where the printer is: an admin sets its connection (network address or serial port) in the plugin’s settings.',
    );
    expect(sent).toEqual([]);
  });

  it('hands on the hardware’s failure as it is, for the cashier to read', async () => {
    const refused = new TillHardwareError(
      'printer.connection_refused',
      'The printer at 192.168.1.50:9100 refused the connection: check the port (raw printing is usually 9100) and that the printer is ready.',
    );
    const [printer] = await offeredPrinter(network, hardwareKeeping([], refused));

    await expect(printer!.print(cashSale)).rejects.toBe(refused);
  });

  it('fills the manifest’s defaults for settings a till did not get', () => {
    expect(withDefaults({})).toEqual({
      paperWidth: 42,
      shopName: '',
      addressLines: [],
      footer: 'Thank you for shopping with us!',
      openDrawerOnCash: true,
    });
  });
});
