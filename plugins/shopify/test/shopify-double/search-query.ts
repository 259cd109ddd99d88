/**
 * Shopify's search syntax for the `query` argument (shopify.dev/docs/api/usage/search-syntax):
 * terms `field:value`, comparators `field:>v`, `:>=`, `:<`, `:<=`, values quoted with '…' or "…",
 * a trailing `*` for a prefix, terms joined by an implicit AND, `AND`, `OR` (AND binds tighter),
 * `NOT`/`-` for negation and parentheses. A bare word searches the resource's default text. Fields
 * the resource does not know match nothing, so a misspelt filter is noticed instead of matching all.
 */

type Comparator = ':' | ':>' | ':>=' | ':<' | ':<=';

export type SearchNode =
  | { kind: 'term'; field: string | null; comparator: Comparator; value: string; prefix: boolean }
  | { kind: 'and' | 'or'; parts: SearchNode[] }
  | { kind: 'not'; part: SearchNode };

export type SearchValue = string | number | Date | boolean | null | undefined | readonly (string | null)[];

/** What a record answers for a search field; `default` is the text a bare word searches. */
export type SearchFields = (field: string) => SearchValue;

type Token = { type: 'word'; text: string; quoted: boolean } | { type: 'open' | 'close' | 'or' | 'and' | 'not' };

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i]!;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ type: ch === '(' ? 'open' : 'close' });
      i += 1;
    } else if (ch === '-') {
      // Only at a term's start (inside a word, as in `sku:AB-1`, the word loop keeps it).
      tokens.push({ type: 'not' });
      i += 1;
    } else {
      // A word runs to whitespace or a paren, but a quoted stretch ('…' or "…") keeps its spaces.
      let text = '';
      let quoted = false;
      while (i < query.length && !/[\s()]/.test(query[i]!)) {
        const c = query[i]!;
        if (c === '"' || c === "'") {
          const end = query.indexOf(c, i + 1);
          const stop = end === -1 ? query.length : end;
          text += query.slice(i + 1, stop);
          quoted = true;
          i = stop + 1;
        } else if (c === '\\' && i + 1 < query.length) {
          text += query[i + 1];
          i += 2;
        } else {
          text += c;
          i += 1;
        }
      }
      if (!quoted && text === 'OR') tokens.push({ type: 'or' });
      else if (!quoted && text === 'AND') tokens.push({ type: 'and' });
      else if (!quoted && text === 'NOT') tokens.push({ type: 'not' });
      else tokens.push({ type: 'word', text, quoted });
    }
  }
  return tokens;
}

function termOf(token: { text: string; quoted: boolean }): SearchNode {
  const match = /^([a-z_.]+):(>=|<=|>|<)?(.*)$/i.exec(token.text);
  const field = match ? match[1]!.toLowerCase() : null;
  const comparator = (match && match[2] ? `:${match[2]}` : ':') as Comparator;
  let value = match ? match[3]! : token.text;
  const prefix = value.endsWith('*') && value.length > 0;
  if (prefix) value = value.slice(0, -1);
  return { kind: 'term', field, comparator, value, prefix };
}

export function parseSearchQuery(query: string): SearchNode | null {
  const tokens = tokenize(query);
  let at = 0;
  const peek = () => tokens[at];

  function orExpr(): SearchNode | null {
    const parts: SearchNode[] = [];
    const first = andExpr();
    if (first) parts.push(first);
    while (peek()?.type === 'or') {
      at += 1;
      const next = andExpr();
      if (next) parts.push(next);
    }
    if (parts.length === 0) return null;
    return parts.length === 1 ? parts[0]! : { kind: 'or', parts };
  }
  function andExpr(): SearchNode | null {
    const parts: SearchNode[] = [];
    for (;;) {
      const token = peek();
      if (!token || token.type === 'or' || token.type === 'close') break;
      if (token.type === 'and') {
        at += 1;
        continue;
      }
      const part = unary();
      if (part) parts.push(part);
    }
    if (parts.length === 0) return null;
    return parts.length === 1 ? parts[0]! : { kind: 'and', parts };
  }
  function unary(): SearchNode | null {
    const token = tokens[at++]!;
    if (token.type === 'not') {
      const part = unary();
      return part ? { kind: 'not', part } : null;
    }
    if (token.type === 'open') {
      const inner = orExpr();
      if (peek()?.type === 'close') at += 1;
      return inner;
    }
    if (token.type === 'word') return termOf(token);
    return null;
  }

  // What cannot be parsed (a stray closing paren) is ignored, as Shopify does, not a failed query.
  return orExpr();
}

function compare(actual: Exclude<SearchValue, readonly unknown[]>, term: Extract<SearchNode, { kind: 'term' }>): boolean {
  if (actual === null || actual === undefined) return false;
  if (actual instanceof Date) {
    const wanted = Date.parse(term.value);
    if (Number.isNaN(wanted)) return false;
    // Shopify keeps timestamps to the second: 10:00:05.300 is not after '10:00:05Z'.
    const seconds = (ms: number) => Math.floor(ms / 1000);
    return ordered(seconds(actual.getTime()), seconds(wanted), term.comparator, (a, b) => a === b);
  }
  if (typeof actual === 'number') {
    const wanted = Number(term.value);
    if (Number.isNaN(wanted)) return false;
    return ordered(actual, wanted, term.comparator, (a, b) => a === b);
  }
  if (typeof actual === 'boolean') return String(actual) === term.value.toLowerCase();
  const text = actual.toLowerCase();
  const wanted = term.value.toLowerCase();
  if (term.comparator !== ':') return ordered(text, wanted, term.comparator, (a, b) => a === b);
  return term.prefix ? text.startsWith(wanted) : text === wanted;
}

function ordered<T extends string | number>(a: T, b: T, comparator: Comparator, equal: (a: T, b: T) => boolean): boolean {
  switch (comparator) {
    case ':':
      return equal(a, b);
    case ':>':
      return a > b;
    case ':>=':
      return a >= b;
    case ':<':
      return a < b;
    case ':<=':
      return a <= b;
  }
}

export function matchesSearch(node: SearchNode | null, fields: SearchFields): boolean {
  if (!node) return true;
  switch (node.kind) {
    case 'and':
      return node.parts.every((part) => matchesSearch(part, fields));
    case 'or':
      return node.parts.some((part) => matchesSearch(part, fields));
    case 'not':
      return !matchesSearch(node.part, fields);
    case 'term': {
      if (node.field === null) {
        // A bare word: the default text contains it (Shopify's full-text search, reduced to a substring).
        const text = fields('default');
        return typeof text === 'string' && text.toLowerCase().includes(node.value.toLowerCase());
      }
      const actual = fields(node.field);
      if (Array.isArray(actual)) return actual.some((one) => compare(one as string | null, node));
      return compare(actual as Exclude<SearchValue, readonly unknown[]>, node);
    }
  }
}
