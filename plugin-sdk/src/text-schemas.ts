import { Type, type TString } from 'typebox';

// Control characters: C0 (NUL…US), DEL and C1 (U+0080–U+009F). Each pattern is linear in the text's
// length (anchored, with disjoint classes), since ajv runs it even on a text far over maxLength.
const CONTROL = '\\u0000-\\u001f\\u007f-\\u009f';

/** A name or label: not blank (not only whitespace), one line, no control characters. */
export const NON_BLANK_TEXT_PATTERN = `^[^\\S${CONTROL}]*[^\\s${CONTROL}][^${CONTROL}]*$`;

// The same, less tab, LF and CR: what text spanning lines may hold.
const CONTROL_BUT_LINES = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f';

/** Free text (a description, a note): may be empty and span lines (tab, CR, LF); no other control character. */
export const FREE_TEXT_PATTERN = `^[^${CONTROL_BUT_LINES}]*$`;

/** Text spanning lines (a reason, a CSV file) that is not blank: something besides whitespace. */
export const NON_BLANK_LINES_PATTERN = `^[^\\S${CONTROL_BUT_LINES}]*[^\\s${CONTROL_BUT_LINES}][^${CONTROL_BUT_LINES}]*$`;

export interface TextOptions {
  readonly description?: string;
  readonly minLength?: number;
  /** May span lines: tab, CR and LF are allowed (still not blank, still no other control character). */
  readonly multiline?: boolean;
}

/**
 * A required text a person reads back (a product's, supplier's or staff member's name): refuses
 * "", "   ", control characters ("\u0000", a bell, a newline unless `multiline`) and anything over `maxLength`.
 */
export function NonBlankText(maxLength: number, options: TextOptions = {}): TString {
  return Type.String({
    minLength: options.minLength ?? 1,
    maxLength,
    pattern: options.multiline ? NON_BLANK_LINES_PATTERN : NON_BLANK_TEXT_PATTERN,
    ...(options.description ? { description: options.description } : {}),
  });
}

/** Text that may be empty or span lines (a description, an address, a note), up to `maxLength`, without control characters. */
export function FreeText(maxLength: number, options: TextOptions = {}): TString {
  return Type.String({
    ...(options.minLength ? { minLength: options.minLength } : {}),
    maxLength,
    pattern: FREE_TEXT_PATTERN,
    ...(options.description ? { description: options.description } : {}),
  });
}
