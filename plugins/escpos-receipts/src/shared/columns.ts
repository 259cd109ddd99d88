import { printedLength } from './code-page.ts';

/**
 * Lines of a fixed-width receipt: text wrapped to the paper, and a left text with a right one
 * (an item and its amount) aligned to the paper's last column.
 */

/**
 * Words wrapped to `width` columns; a word longer than a line is cut. Leading spaces indent every
 * line (an item's quantity under its name). Never an empty list.
 */
export function wrap(text: string, width: number): string[] {
  const indent = /^ */.exec(text)![0].slice(0, Math.max(0, width - 1));
  if (indent) return wrap(text.slice(indent.length), width - indent.length).map((line) => indent + line);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    while (printedLength(rest) > width) {
      if (line) lines.push(line);
      line = '';
      lines.push([...rest].slice(0, width).join(''));
      rest = [...rest].slice(width).join('');
    }
    if (!rest) continue;
    const joined = line ? `${line} ${rest}` : rest;
    if (printedLength(joined) <= width) line = joined;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * `left` and `right` on one line of `width` columns, `right` ending at the last column; when they
 * do not fit together, `left` wraps and `right` goes on its last line (or one of its own).
 */
export function columns(left: string, right: string, width: number): string[] {
  const room = width - printedLength(right) - 1;
  if (room < 1) return [...wrap(left, width), ' '.repeat(Math.max(0, width - printedLength(right))) + right];
  const lines = wrap(left, room);
  const last = lines.pop()!;
  return [...lines, last + ' '.repeat(width - printedLength(last) - printedLength(right)) + right];
}

/** A rule across the paper. */
export const rule = (width: number, character = '-'): string => character.repeat(width);
