import { DomainError } from '@kits/plugin-sdk';

/** Rejects when `work` takes longer than `ms`, so a hung plugin handler cannot hold a request or a worker forever. */
export async function withTimeLimit<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  // Work that fails after the limit struck has nobody waiting for it: that must not be an
  // unhandled rejection (which would end the process).
  work.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new DomainError(
            'plugins.handler_timeout',
            503,
            `${what} did not finish within ${ms} ms and was stopped; try again, and report it to the plugin's publisher if it keeps happening.`,
          ),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}
