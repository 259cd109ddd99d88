// How the kernel reads one environment variable of each kind: a whole number, on/off, a URL, trusted proxies.
import { ConfigError } from './config-error.ts';

/** The environment a kernel reads. */
export type Env = Readonly<Record<string, string | undefined>>;

export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `"${raw}" is not a whole number`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `${value} is outside ${min}..${max}`);
  return value;
}

export function onOrOff(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw !== 'on' && raw !== 'off') throw new ConfigError(name, `"${raw}" is neither on nor off`);
  return raw === 'on';
}

export function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `"${raw}" is not a URL; expected ${protocols.map((p) => `${p}//…`).join(' or ')}`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `expected a ${protocols.join(' or ')} URL, got ${parsed.protocol}`);
  }
  return raw;
}

/** TRUST_PROXY: a hop count, or the proxies' addresses and CIDRs; anything else stops the start. */
export function trustedProxies(env: Env): number | string[] | undefined {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw) return undefined;
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((entry) => entry.trim());
  const address = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]+)(\/\d{1,3})?$/i;
  if (entries.some((entry) => !address.test(entry)))
    throw new ConfigError('TRUST_PROXY', `"${raw}" is not a hop count (1) nor addresses or CIDRs (10.0.0.0/8,127.0.0.1), comma-separated`);
  return entries;
}
