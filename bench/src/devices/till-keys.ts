import { createHash } from 'node:crypto';

/** How many tills beat, over how many tenants (BENCH_DEVICES_TILLS, BENCH_DEVICES_TENANTS). */
export const TILLS = Number(process.env.BENCH_DEVICES_TILLS ?? 5000);
export const TENANTS = Number(process.env.BENCH_DEVICES_TENANTS ?? 20);

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/** Till `n`'s device key, as pairing would have given it: `kitsdev_` and 43 characters of base64url. */
export const tillKey = (n: number): string => `kitsdev_${sha256(`bench-devices-till-${n}`).toString('base64url')}`;

/** The hashes the kernel keeps of tills `from` to `to` (exclusive). */
export function tillKeyHashes(from: number, to: number): string[] {
  const hashes: string[] = [];
  for (let n = from; n < to; n++) hashes.push(sha256(tillKey(n)).toString('hex'));
  return hashes;
}
