/**
 * What an endpoint subscribes to: an exact event type (`sales.sale.completed`), every type under a
 * prefix (`sales.*`, `sales.payment.*`) or every event of the tenant (`*`). Shared by the server
 * (checks and matching) and the office's picker.
 */
export type EventPattern = string;

const PATTERN = /^(\*|[a-z][a-z0-9-]*(\.[a-z][a-z0-9_-]*)?\.\*|[a-z][a-z0-9-]*\.[a-z][a-z0-9_-]*\.[a-z][a-z0-9_-]*)$/;

/** Whether `pattern` is written as a pattern can be (not whether the catalogue knows it). */
export function isWellFormedPattern(pattern: string): boolean {
  return PATTERN.test(pattern);
}

/** Whether `type` is one of the events `pattern` subscribes to. */
export function patternMatches(pattern: EventPattern, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

/** Whether any of `patterns` subscribes to `type`. */
export const subscribesTo = (patterns: readonly EventPattern[], type: string): boolean => patterns.some((p) => patternMatches(p, type));

/**
 * The patterns of `patterns` that name nothing in the catalogue (`types`): an exact type it does
 * not list, or a prefix no listed type is under. `*` always names something.
 */
export function unknownPatterns(patterns: readonly EventPattern[], types: readonly string[]): EventPattern[] {
  return patterns.filter((pattern) => pattern !== '*' && !types.some((type) => patternMatches(pattern, type)));
}

/** The wildcards the office offers for a catalogue: `*`, then each plugin's `<plugin>.*` and each `<plugin>.<entity>.*`. */
export function wildcardsOf(types: readonly string[]): EventPattern[] {
  const plugins = new Set<string>();
  const entities = new Set<string>();
  for (const type of types) {
    const [plugin, entity] = type.split('.');
    plugins.add(`${plugin}.*`);
    entities.add(`${plugin}.${entity}.*`);
  }
  return ['*', ...[...plugins].sort(), ...[...entities].sort()];
}
