import type { Logger } from 'pino';
import type { KernelConfig } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import type { Coordination } from './coordination.ts';
import { createLocalCoordination } from './local.ts';
import { createRedisCoordination } from './redis.ts';

export type { Coordination } from './coordination.ts';

/** Redis when REDIS_URL is set; this process (and the database for idempotency) otherwise. */
export async function createCoordination(deps: {
  db: Database;
  config: Pick<KernelConfig, 'redisUrl'>;
  log: Logger;
  keyPrefix?: string;
}): Promise<Coordination> {
  if (!deps.config.redisUrl) return createLocalCoordination(deps.db);
  return createRedisCoordination({ url: deps.config.redisUrl, keyPrefix: deps.keyPrefix ?? 'kits:', log: deps.log });
}
