/** How a keyboard-wedge scanner differs from a person: every key of a code within a few milliseconds. */
export interface ScanTiming {
  /** The longest gap between two keys of one scan, Enter included (ms). Scanners send a key every 1–20 ms. */
  readonly maxGapMs: number;
  /** The shortest code a scan carries (EAN-8 is 8; SKUs as short as 4). */
  readonly minLength: number;
}

export const SCAN_TIMING: ScanTiming = { maxGapMs: 35, minLength: 4 };

/**
 * Tells a barcode scanner (a keyboard wedge: a burst of keys ending in Enter) from a person typing,
 * from the keys' timing alone. Feed it every keydown; it answers the code when an Enter ends a burst.
 */
export class ScanDetector {
  readonly #timing: ScanTiming;
  #burst = '';
  #last = Number.NEGATIVE_INFINITY;

  constructor(timing: ScanTiming = SCAN_TIMING) {
    this.#timing = timing;
  }

  /** A keydown (`KeyboardEvent.key`) at a time in ms; the scanned code when it is the Enter of a scan. */
  key(key: string, at: number): string | undefined {
    const gap = at - this.#last;
    if (key === 'Enter') {
      const code = this.#burst;
      this.#burst = '';
      this.#last = Number.NEGATIVE_INFINITY;
      return code.length >= this.#timing.minLength && gap <= this.#timing.maxGapMs ? code : undefined;
    }
    // Modifier keys (a scanner may press Shift for capitals) neither add nor break a burst.
    if (key.length !== 1) {
      if (!['Shift', 'Control', 'Alt', 'AltGraph'].includes(key)) this.#burst = '';
      return undefined;
    }
    this.#burst = gap <= this.#timing.maxGapMs ? this.#burst + key : key;
    this.#last = at;
    return undefined;
  }

  /** Whether the keys since the last Enter are a burst so far (an input's own Enter handler asks). */
  get bursting(): boolean {
    return this.#burst.length >= this.#timing.minLength;
  }
}
