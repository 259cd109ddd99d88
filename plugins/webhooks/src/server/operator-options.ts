import { readFileSync } from 'node:fs';
import type { OperatorConfig } from '@kits/plugin-sdk';

/**
 * The operator's settings of webhooks (the kernel's environment, `PLUGIN_WEBHOOKS__<NAME>`): one per
 * installation, never a tenant's to change — they decide which networks a tenant's endpoints reach.
 */
export interface SendingOptions {
  /** ALLOW_HTTP=1: endpoints may be `http:` (otherwise `https:` only). */
  readonly allowHttp: boolean;
  /** ALLOW_PRIVATE_HOSTS=erp.shop.lan,10.1.2.3: host names (or addresses) that may resolve to private addresses, for on-premises integrators. */
  readonly allowedPrivateHosts: ReadonlySet<string>;
  /** DNS_SERVERS=10.0.0.2,127.0.0.1:5353: resolve endpoint hosts with these servers instead of the system's resolver. */
  readonly dnsServers: readonly string[] | undefined;
  /** CA_FILE=/etc/ssl/onprem-ca.pem: a further certificate authority to trust (an on-premises receiver's own CA). */
  readonly extraCa: string | undefined;
  /** TIMEOUT_MS (default 10000, 1000–30000): the most one delivery may take, connecting to the last byte read. */
  readonly timeoutMs: number;
  /** RETRY_BASE_MS (default 5000, 100–60000): the first retry's wait; each next one is 4× longer, up to 6 h. */
  readonly retryBaseMs: number;
  /** CONCURRENCY_PER_ENDPOINT (default 4, 1–32): deliveries in flight to one unordered endpoint per kernel process. */
  readonly concurrencyPerEndpoint: number;
}

const integer = (operator: OperatorConfig, name: string, fallback: number, least: number, most: number): number => {
  const text = operator.get(name);
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < least || value > most)
    throw new Error(`PLUGIN_WEBHOOKS__${name} must be a whole number from ${least} to ${most}; got "${text}"`);
  return value;
};

const list = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

export function sendingOptions(operator: OperatorConfig): SendingOptions {
  const caFile = operator.get('CA_FILE');
  const dnsServers = list(operator.get('DNS_SERVERS'));
  return {
    allowHttp: operator.get('ALLOW_HTTP') === '1' || operator.get('ALLOW_HTTP') === 'true',
    allowedPrivateHosts: new Set(list(operator.get('ALLOW_PRIVATE_HOSTS')).map((host) => host.toLowerCase())),
    dnsServers: dnsServers.length > 0 ? dnsServers : undefined,
    extraCa: caFile ? readFileSync(caFile, 'utf8') : undefined,
    timeoutMs: integer(operator, 'TIMEOUT_MS', 10_000, 1_000, 30_000),
    retryBaseMs: integer(operator, 'RETRY_BASE_MS', 5_000, 100, 60_000),
    concurrencyPerEndpoint: integer(operator, 'CONCURRENCY_PER_ENDPOINT', 4, 1, 32),
  };
}
