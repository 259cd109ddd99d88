import type { Logger } from 'pino';
import type { KernelConfig } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import type { Coordination } from './coordination.ts';
import { createLocalCoordination } from './local.ts';
import { createRedisCoordination, untilAnswering } from './redis.ts';

export type { Coordination } from './coordination.ts';

/** Redis when REDIS_URL is set (with fallbacks while it is away); this process (and the database for idempotency) otherwise. */
export async function createCoordination(deps: {
  db: Database;
  config: Pick<KernelConfig, 'redisUrl' | 'handlerTimeoutMs'>;
  log: Logger;
  keyPrefix?: string;
}): Promise<Coordination> {
  // A request is cut at the handler time limit: a key claimed twice that long ago (and 10 s more)
  // without an answer belongs to a request that died with its process.
  const inProgressSeconds = Math.ceil((2 * deps.config.handlerTimeoutMs) / 1000) + 10;
  if (!deps.config.redisUrl) return createLocalCoordination(deps.db, inProgressSeconds);
  const coordination = createRedisCoordination({
    url: deps.config.redisUrl,
    keyPrefix: deps.keyPrefix ?? 'kits:',
    log: deps.log,
    db: deps.db,
    inProgressSeconds,
  });
  // A kernel whose Redis is away starts all the same, on the fallbacks.
  await untilAnswering(coordination, 5_000);
  return coordination;
}
