export * from './currencies.ts';
export * from './accepted-currencies.ts';
export { divRound, percentOf, roundToStep } from './arithmetic.ts';
export * from './allocation.ts';
export { minorToDecimal, decimalToMinor } from './decimal.ts';
export * from './format.ts';
export * from './parse.ts';
