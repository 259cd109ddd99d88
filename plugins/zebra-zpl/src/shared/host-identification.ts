/**
 * The printer's answer to `~HI` (host identification), as the ZPL manual gives it: one string
 * framed `<STX>…<ETX>`, `XXXXXX,V1.0.0,dpm,000KB,X` — the model, the firmware version, the print
 * head's dots per millimetre (6, 8, 12 or 24), the memory, and option letters. The office asks it
 * when it checks a printer, so the devices service shows the firmware each printer reports.
 * Pure: the office asks, this reads.
 */

export interface HostIdentification {
  /** "ZD421-203dpi", as the printer names itself. */
  readonly model: string;
  /** "V84.20.18Z": the firmware version the printer reports. */
  readonly firmware: string;
  /** Dots per millimetre of the head (8 = 203 dpi, 12 = 300 dpi, 24 = 600 dpi). */
  readonly dotsPerMm: number;
  /** "8192KB", as reported. */
  readonly memory: string;
}

/** The `~HI` request as bytes. */
export const HOST_IDENTIFICATION_QUERY = new TextEncoder().encode('~HI\r\n');

/** Reads a `~HI` answer (bytes or text); null when it is not one (an older printer, or another device on the port). */
export function parseHostIdentification(answer: Uint8Array | string): HostIdentification | null {
  const text = typeof answer === 'string' ? answer : new TextDecoder('latin1').decode(answer);
  // eslint-disable-next-line no-control-regex -- STX and ETX frame the answer
  const body = (/\x02([^\x02\x03]*)\x03/.exec(text)?.[1] ?? text).trim();
  const [model, firmware, dpm, memory] = body.split(',').map((field) => field.trim());
  if (!model || !firmware || !/^V?\d+(\.\d+)+\S*$/i.test(firmware)) return null;
  const dotsPerMm = Number(dpm);
  if (!Number.isInteger(dotsPerMm) || ![6, 8, 12, 24].includes(dotsPerMm)) return null;
  return { model, firmware, dotsPerMm, memory: memory ?? '' };
}
