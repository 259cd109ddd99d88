// The schemas route definitions share: one definition of each kind of value the API takes and
// answers (ids, instants, money, quantities, pages, problems), so a kind is validated the same
// way everywhere. A route with its own rule for a field writes its own schema beside it.
export * from './ids.ts';
export * from './time.ts';
export * from './money.ts';
export * from './quantities.ts';
export * from './nullable.ts';
export * from './problem.ts';
export * from '../pagination.ts';
