/** What a kernel's /readyz said at an instant: `ready`, `degraded` (naming what is away), `not ready`, or no answer. */
export interface ReadinessSample {
  readonly at: number;
  readonly url: string;
  readonly status: 'ready' | 'degraded' | 'not ready' | 'no answer';
  /** The checks that failed. */
  readonly failing: readonly string[];
}

export async function readiness(url: string): Promise<ReadinessSample> {
  const at = Date.now();
  try {
    const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) });
    const body = (await response.json()) as { status?: string; checks?: Array<{ name: string; ok: boolean }> };
    const failing = (body.checks ?? []).filter((check) => !check.ok).map((check) => check.name);
    const status = response.status === 503 ? 'not ready' : body.status === 'degraded' ? 'degraded' : 'ready';
    return { at, url, status, failing };
  } catch {
    return { at, url, status: 'no answer', failing: [] };
  }
}

/** Asks every kernel's /readyz every `everyMs` until stopped; returns every answer. */
export function watchReadiness(urls: () => readonly string[], everyMs = 250): { stop(): Promise<ReadinessSample[]> } {
  const samples: ReadinessSample[] = [];
  let stopped = false;
  const running = (async () => {
    while (!stopped) {
      samples.push(...(await Promise.all(urls().map(readiness))));
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await running;
      return samples;
    },
  };
}

/**
 * The first instant at or after `since` from which every kernel answered `ready` without a
 * setback until the end of the samples; undefined when they never all were.
 */
export function allReadySince(samples: readonly ReadinessSample[], since: number): number | undefined {
  const after = samples.filter((sample) => sample.at >= since);
  const lastBad = after.filter((sample) => sample.status !== 'ready').at(-1);
  const first = after.find((sample) => sample.status === 'ready' && (!lastBad || sample.at > lastBad.at));
  return first?.at;
}
