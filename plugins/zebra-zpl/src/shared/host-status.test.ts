import { describe, expect, it } from 'vitest';
import { hostStatusMessage, parseHostStatus, type PrinterProblem } from './host-status.ts';

// ~HS answers in the ZPL II Programming Guide's form: three <STX>…<ETX><CR><LF> strings. The first
// is what a ZD421 (203 dpi, 2.25" × 1.25" labels, 812 dots long... here 254) answers when ready; the
// others change the flag the guide documents for each condition.
const frame = (line1: string, line2: string, line3 = '1234,0') => `\x02${line1}\x03\r\n\x02${line2}\x03\r\n\x02${line3}\x03\r\n`;
const READY_1 = '030,0,0,0254,000,0,0,0,000,0,0,0';
const READY_2 = '001,0,0,0,0,2,6,0,00000000,1,000';

describe("reading a Zebra printer's ~HS answer", () => {
  const cases: Array<[string, string, PrinterProblem[], string | undefined]> = [
    ['ready', frame(READY_1, READY_2), [], undefined],
    [
      'paper out',
      frame('030,1,0,0254,000,0,0,0,000,0,0,0', READY_2),
      ['paper_out'],
      'Printer Back-1 is out of labels: load a new roll and press Feed.',
    ],
    ['paused', frame('030,0,1,0254,000,0,0,0,000,0,0,0', READY_2), ['paused'], 'Printer Back-1 is paused: press Pause on the printer.'],
    ['head up', frame(READY_1, '001,0,1,0,0,2,6,0,00000000,1,000'), ['head_up'], 'Printer Back-1 has its print head open: close the head.'],
    [
      'ribbon out while printing thermal transfer',
      frame(READY_1, '001,0,0,1,1,2,6,0,00000000,1,000'),
      ['ribbon_out'],
      'Printer Back-1 is out of ribbon: load a new ribbon.',
    ],
    ['ribbon flag on a direct thermal printer (no ribbon needed)', frame(READY_1, '001,0,0,1,0,2,6,0,00000000,1,000'), [], undefined],
    [
      'buffer full',
      frame('030,0,0,0254,012,1,0,0,000,0,0,0', READY_2),
      ['buffer_full'],
      'Printer Back-1 has a full receive buffer: wait for it to finish printing, then try again.',
    ],
    [
      'paper out, so it paused itself',
      frame('030,1,1,0254,000,0,0,0,000,0,0,0', READY_2),
      ['paper_out', 'paused'],
      'Printer Back-1 is out of labels: load a new roll and press Feed; it also is paused: press Pause on the printer.',
    ],
    [
      'over temperature',
      frame('030,0,0,0254,000,0,0,0,000,0,0,1', READY_2),
      ['over_temperature'],
      'Printer Back-1 is too hot to print: let it cool down.',
    ],
    [
      'corrupt RAM',
      frame('030,0,0,0254,000,0,0,0,000,1,0,0', READY_2),
      ['corrupt_ram'],
      'Printer Back-1 reports corrupt memory: restart the printer.',
    ],
    ['unframed lines (a network printer that leaves STX/ETX out)', `${READY_1}\r\n${READY_2}\r\n1234,0\r\n`, [], undefined],
  ];

  it.each(cases)('%s', (_, answer, problems, message) => {
    const status = parseHostStatus(new TextEncoder().encode(answer));
    expect(status.problems).toEqual(problems);
    expect(hostStatusMessage('Back-1', status)).toBe(message);
  });

  it('reads the counters', () => {
    const status = parseHostStatus(frame('030,0,0,0254,003,0,0,1,000,0,0,0', '001,0,0,0,1,1,6,1,00000042,1,000'));
    expect(status).toMatchObject({
      formatsInBuffer: 3,
      partialFormat: true,
      labelWaiting: true,
      labelsRemaining: 42,
      thermalTransfer: true,
    });
  });

  it.each([
    ['nothing', ''],
    ['one line', `\x02${READY_1}\x03\r\n`],
    ['not numbers', frame('PRINTER READY', 'OK')],
    ['too few fields', frame('030,0,0', '001,0,0')],
  ])('refuses %s as unreadable', (_, answer) => {
    expect(() => parseHostStatus(answer)).toThrow(expect.objectContaining({ code: 'zebra.status_unreadable' }));
  });
});
