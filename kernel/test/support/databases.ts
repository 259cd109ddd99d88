export { createScratchPostgres, DATABASE_KINDS, POSTGRES_ADMIN_URL, type ScratchDatabase } from '@kits/plugin-sdk/test-kit';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const AMQP_URL = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
