/**
 * Text in a ZPL field. `^` and `~` start commands even inside `^FD`, so field data goes through
 * `^FH` hex escapes (`_5E`, `_7E`, and `_5F` for the escape character itself); labels declare
 * UTF-8 with `^CI28`, so names in any script print as bytes of UTF-8.
 */

/** `text` as `^FH` field data: `^`, `~`, `_` hex-escaped, control characters dropped. */
export function zplFieldText(text: string): string {
  // eslint-disable-next-line no-control-regex -- dropping control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/[_^~]/g, (sign) => `_${sign.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The font 0 (scalable) glyph width as a share of its height, taken wide so text never runs off the label. */
const GLYPH_WIDTH = 0.6;

export interface FittedText {
  /** The character height in dots. */
  readonly height: number;
  /** The lines to print (at most the lines asked for; the last ends in `...` when the text was cut). */
  readonly lines: readonly string[];
}

/** Words wrapped into lines of at most `perLine` characters (a word longer than a line is cut into pieces). */
function wrap(text: string, perLine: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    while (rest.length > perLine) {
      if (line) lines.push(line);
      lines.push(rest.slice(0, perLine));
      rest = rest.slice(perLine);
      line = '';
    }
    if (!rest) continue;
    if (!line) line = rest;
    else if (line.length + 1 + rest.length <= perLine) line += ` ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The largest font height from `maxHeight` down to `minHeight` at which `text` fits `width` dots
 * in `maxLines` lines; at the smallest, what does not fit is cut and ends in `...`.
 */
export function fitText(text: string, width: number, maxLines: number, maxHeight: number, minHeight: number): FittedText {
  const clean = text.trim().replace(/\s+/g, ' ');
  const step = Math.max(1, Math.round(maxHeight / 10));
  for (let height = maxHeight; height >= minHeight; height -= step) {
    const perLine = Math.max(1, Math.floor(width / (height * GLYPH_WIDTH)));
    const lines = wrap(clean, perLine);
    if (lines.length <= maxLines && lines.every((line) => [...line].length <= perLine)) return { height, lines };
  }
  const perLine = Math.max(4, Math.floor(width / (minHeight * GLYPH_WIDTH)));
  const lines = wrap(clean, perLine);
  if (lines.length <= maxLines) return { height: minHeight, lines };
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, perLine - 3)}...`;
  return { height: minHeight, lines: kept };
}

/** Field commands printing `fitted` at (x, y), one `^FO` per line. */
export function textFields(fitted: FittedText, x: number, y: number, lineGap = 1.1): string {
  return fitted.lines
    .map(
      (line, i) =>
        `^FO${x},${Math.round(y + i * fitted.height * lineGap)}^A0N,${fitted.height},${fitted.height}^FH^FD${zplFieldText(line)}^FS`,
    )
    .join('\n');
}
