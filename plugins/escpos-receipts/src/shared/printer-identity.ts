/**
 * `GS I n` (transmit printer ID) of the ESC/POS command reference: the printer answers each with a
 * header `_` (5Fh), the text, and NUL (00h). n = 67 ('C') is the model name (`TM-T88VI`), n = 65
 * ('A') the firmware version (`30.27 ESC/POS`). One question asks both, model first.
 */
export const IDENTITY_QUERY = Uint8Array.from([0x1d, 0x49, 0x43, 0x1d, 0x49, 0x41]);

/** What a printer says of itself. */
export interface PrinterIdentity {
  readonly model?: string;
  readonly firmware?: string;
}

/** One `_text NUL` block: printable ASCII only (a printer may interleave status bytes, which are skipped). */
// eslint-disable-next-line no-control-regex -- NUL ends each block of the printer's answer
const BLOCK = /_([\x20-\x7e]{1,80})\x00/g;

/**
 * The model and firmware in a printer's answer to `IDENTITY_QUERY`, in the order asked; null when
 * the answer holds neither (a printer that does not implement `GS I`, or something else on the port).
 */
export function parsePrinterIdentity(answer: Uint8Array): PrinterIdentity | null {
  const text = String.fromCharCode(...answer);
  const blocks = [...text.matchAll(BLOCK)].map((match) => match[1]!.trim()).filter(Boolean);
  const [model, firmware] = blocks;
  if (!model) return null;
  return { model, ...(firmware ? { firmware } : {}) };
}
