/**
 * The printer's answer to `~HS` (host status), as the ZPL manual gives it: three lines, each
 * framed `<STX>…<ETX><CR><LF>`:
 *   1: aaa,b,c,dddd,eee,f,g,h,iii,j,k,l — b paper out, c paused, eee formats in the buffer,
 *      f buffer full, g diagnostic mode, h partial format, j corrupt RAM, k under / l over temperature
 *   2: mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www — o head up, p ribbon out, q thermal transfer, r print mode,
 *      t label waiting (peel-off), uuuuuuuu labels remaining in a batch
 *   3: xxxx,y — the password and whether static RAM is installed
 * Pure: the office asks, this reads.
 */

/** A condition that stops labels from printing, worst first in `HOST_STATUS_PROBLEMS`. */
export type PrinterProblem =
  'paper_out' | 'ribbon_out' | 'head_up' | 'paused' | 'buffer_full' | 'corrupt_ram' | 'under_temperature' | 'over_temperature';

export interface HostStatus {
  readonly paperOut: boolean;
  readonly paused: boolean;
  readonly bufferFull: boolean;
  readonly formatsInBuffer: number;
  readonly partialFormat: boolean;
  readonly corruptRam: boolean;
  readonly underTemperature: boolean;
  readonly overTemperature: boolean;
  readonly headUp: boolean;
  readonly ribbonOut: boolean;
  readonly thermalTransfer: boolean;
  readonly labelWaiting: boolean;
  readonly labelsRemaining: number;
  /** What stops printing now, worst first (empty: ready). */
  readonly problems: readonly PrinterProblem[];
}

/** What a person does about each problem: "Printer Back-1 is paused: press Pause on the printer". */
export const PROBLEM_ADVICE: Readonly<Record<PrinterProblem, string>> = {
  paper_out: 'is out of labels: load a new roll and press Feed',
  ribbon_out: 'is out of ribbon: load a new ribbon',
  head_up: 'has its print head open: close the head',
  paused: 'is paused: press Pause on the printer',
  buffer_full: 'has a full receive buffer: wait for it to finish printing, then try again',
  corrupt_ram: 'reports corrupt memory: restart the printer',
  under_temperature: 'is too cold to print: let it warm up',
  over_temperature: 'is too hot to print: let it cool down',
};

/** The answer could not be read as `~HS` (another device on the port, or the answer was cut). */
export class HostStatusUnreadable extends Error {
  readonly code = 'zebra.status_unreadable';
  constructor(detail: string) {
    super(detail);
    this.name = 'HostStatusUnreadable';
  }
}

const flag = (value: string | undefined) => value === '1';

/** The three strings of an answer (between STX and ETX), or the three lines when a printer leaves the framing out. */
function statusStrings(answer: string): string[] {
  // eslint-disable-next-line no-control-regex -- STX and ETX frame each status string
  const framed = [...answer.matchAll(/\x02([^\x02\x03]*)\x03/g)].map((match) => match[1]!.trim());
  if (framed.length > 0) return framed;
  return answer
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Reads a `~HS` answer (bytes or text); throws `HostStatusUnreadable` when it is not one. */
export function parseHostStatus(answer: Uint8Array | string): HostStatus {
  const text = typeof answer === 'string' ? answer : new TextDecoder('latin1').decode(answer);
  const strings = statusStrings(text);
  if (strings.length < 2) throw new HostStatusUnreadable(`The printer's status answer has ${strings.length} of its 3 lines.`);
  const first = strings[0]!.split(',');
  const second = strings[1]!.split(',');
  if (first.length < 12 || second.length < 11 || ![...first, ...second].every((part) => /^\d+$/.test(part)))
    throw new HostStatusUnreadable("The printer's status answer is not a Zebra ~HS answer.");
  const status = {
    paperOut: flag(first[1]),
    paused: flag(first[2]),
    formatsInBuffer: Number(first[4]),
    bufferFull: flag(first[5]),
    partialFormat: flag(first[7]),
    corruptRam: flag(first[9]),
    underTemperature: flag(first[10]),
    overTemperature: flag(first[11]),
    headUp: flag(second[2]),
    ribbonOut: flag(second[3]),
    thermalTransfer: flag(second[4]),
    labelWaiting: flag(second[7]),
    labelsRemaining: Number(second[8]),
  };
  const problems: PrinterProblem[] = [];
  if (status.paperOut) problems.push('paper_out');
  // Ribbon out matters only when the printer prints through a ribbon (thermal transfer).
  if (status.ribbonOut && status.thermalTransfer) problems.push('ribbon_out');
  if (status.headUp) problems.push('head_up');
  if (status.paused) problems.push('paused');
  if (status.bufferFull) problems.push('buffer_full');
  if (status.corruptRam) problems.push('corrupt_ram');
  if (status.underTemperature) problems.push('under_temperature');
  if (status.overTemperature) problems.push('over_temperature');
  return { ...status, problems };
}

/** One sentence for the person: "Printer Back-1 is paused: press Pause on the printer; …" (undefined: ready). */
export function hostStatusMessage(printerName: string, status: HostStatus): string | undefined {
  if (status.problems.length === 0) return undefined;
  const [first, ...rest] = status.problems.map((problem) => PROBLEM_ADVICE[problem]);
  return [`Printer ${printerName} ${first}`, ...rest.map((advice) => `it also ${advice}`)].join('; ') + '.';
}

/** The `~HS` request as bytes. */
export const HOST_STATUS_QUERY = new TextEncoder().encode('~HS\r\n');
