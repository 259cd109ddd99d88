export * from './payment.ts';
export * from './state-machine.ts';
export * from './idempotency.ts';
export * from './declines.ts';
export * from './from-v1.ts';
