import { fileURLToPath } from 'node:url';

/** Folder of a test plugin under kernel/test/fixtures/plugins. */
export const fixturePlugin = (name: string): string => fileURLToPath(new URL(`../fixtures/plugins/${name}`, import.meta.url));

/** Polls `read` until `done` holds or `timeoutMs` passes; returns the last value read. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}
