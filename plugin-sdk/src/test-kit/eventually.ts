/**
 * Polls `read` until `done` holds for what it returned, or `timeoutMs` passes; answers the last
 * value read, so the test's own assertion says what was wrong. For effects that land after the
 * request that caused them: an event delivered, a job's tick, a till's replication.
 */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}
