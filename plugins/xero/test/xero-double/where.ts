/**
 * The subset of Xero's `where` filter the plugin sends: clauses `Field=="text"` / `Field!="text"`
 * (strings with \" and \\ escapes) joined by AND. Anything else is refused as Xero refuses a filter
 * it cannot parse.
 */
export type Clause = { field: string; equal: boolean; value: string };

export function parseWhere(where: string): Clause[] | Error {
  const clauses: Clause[] = [];
  let rest = where.trim();
  while (rest.length > 0) {
    const match = /^([A-Za-z]+)\s*(==|!=)\s*"((?:[^"\\]|\\.)*)"\s*/.exec(rest);
    if (!match) return new Error(`Unable to parse the where clause near: ${rest.slice(0, 40)}`);
    clauses.push({ field: match[1]!, equal: match[2] === '==', value: match[3]!.replace(/\\(.)/g, '$1') });
    rest = rest.slice(match[0].length);
    const and = /^AND\s+/i.exec(rest);
    if (and) rest = rest.slice(and[0].length);
    else if (rest.length > 0) return new Error(`Unable to parse the where clause near: ${rest.slice(0, 40)}`);
  }
  return clauses;
}

export function matches(record: Readonly<Record<string, unknown>>, clauses: readonly Clause[]): boolean {
  return clauses.every((clause) => (String(record[clause.field] ?? '') === clause.value) === clause.equal);
}
