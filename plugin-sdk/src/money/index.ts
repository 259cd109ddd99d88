export * from './currencies.ts';
export * from './accepted-currencies.ts';
