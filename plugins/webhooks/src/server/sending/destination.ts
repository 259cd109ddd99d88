import { promises as dns } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import type { SendingOptions } from '../operator-options.ts';
import { isPublicAddress } from './address-policy.ts';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Why a destination is refused: a stable code and a sentence for the merchant. */
export class DestinationRefused extends Error {
  readonly code: 'webhooks.https_required' | 'webhooks.bad_url' | 'webhooks.private_address' | 'webhooks.host_not_found';
  constructor(code: DestinationRefused['code'], message: string) {
    super(message);
    this.name = 'DestinationRefused';
    this.code = code;
  }
}

/** The host of a URL without IPv6 brackets, lower-cased. */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();

/** Resolves host names with the operator's DNS servers (DNS_SERVERS) or the system's resolver. */
export function hostResolver(options: Pick<SendingOptions, 'dnsServers'>): (host: string) => Promise<ResolvedAddress[]> {
  if (!options.dnsServers) {
    return async (host) =>
      (await dns.lookup(host, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
  }
  const resolver = new dns.Resolver({ timeout: 2_000, tries: 2 });
  resolver.setServers([...options.dnsServers]);
  return async (host) => {
    const [v4, v6] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
    const found: ResolvedAddress[] = [
      ...(v4.status === 'fulfilled' ? v4.value.map((address) => ({ address, family: 4 as const })) : []),
      ...(v6.status === 'fulfilled' ? v6.value.map((address) => ({ address, family: 6 as const })) : []),
    ];
    if (found.length === 0) throw Object.assign(new Error(`${host} has no A or AAAA record`), { code: 'ENOTFOUND' });
    return found;
  };
}

/**
 * The addresses a host may be reached at: every address it resolves to must be public, unless the
 * operator named the host in ALLOW_PRIVATE_HOSTS. One private answer refuses the host (a name that
 * answers a public and a private address is an attempt to reach the private one).
 */
export async function permittedAddresses(
  host: string,
  options: Pick<SendingOptions, 'allowedPrivateHosts'>,
  resolve: (host: string) => Promise<ResolvedAddress[]>,
): Promise<ResolvedAddress[]> {
  const literal = isIP(host);
  let addresses: ResolvedAddress[];
  if (literal) addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      throw new DestinationRefused('webhooks.host_not_found', `${host} does not resolve to an address; check the endpoint's host name.`);
    }
  }
  if (options.allowedPrivateHosts.has(host)) return addresses;
  const blocked = addresses.filter((a) => !isPublicAddress(a.address));
  if (blocked.length > 0)
    throw new DestinationRefused(
      'webhooks.private_address',
      `${literal ? `${host} is` : `${host} resolves to ${blocked.map((a) => a.address).join(', ')},`} a loopback, private, link-local or otherwise reserved address; webhooks go to public addresses only (an operator may allow a named on-premises host).`,
    );
  return addresses;
}

/** Checks an endpoint URL as it is saved: scheme, no credentials, and where its host resolves now. */
export async function checkEndpointUrl(
  text: string,
  options: Pick<SendingOptions, 'allowHttp' | 'allowedPrivateHosts'>,
  resolve: (host: string) => Promise<ResolvedAddress[]>,
): Promise<URL> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DestinationRefused(
      'webhooks.bad_url',
      `"${text}" is not a URL; give the full address, like https://example.com/kits/webhooks.`,
    );
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && options.allowHttp))
    throw new DestinationRefused(
      'webhooks.https_required',
      `Webhook endpoints must use https:${options.allowHttp ? ' or http:' : ''}; "${url.protocol}" is not allowed on this installation.`,
    );
  if (url.username || url.password)
    throw new DestinationRefused(
      'webhooks.bad_url',
      'Put no user name or password in the URL; verify deliveries with the signing secret instead.',
    );
  if (url.hash) throw new DestinationRefused('webhooks.bad_url', 'A webhook URL has no #fragment.');
  await permittedAddresses(hostOf(url), options, resolve);
  return url;
}

/**
 * A `lookup` for sockets (http/https agents): resolves and checks at connect time, so a name that
 * was public when saved and is private now (DNS rebinding) is refused before a byte is sent.
 */
export function guardedLookup(
  options: Pick<SendingOptions, 'allowedPrivateHosts'>,
  resolve: (host: string) => Promise<ResolvedAddress[]>,
): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    permittedAddresses(hostname.toLowerCase(), options, resolve).then(
      (addresses) => {
        const family = lookupOptions.family === 4 || lookupOptions.family === 6 ? lookupOptions.family : undefined;
        const usable = family ? addresses.filter((a) => a.family === family) : addresses;
        if (usable.length === 0) {
          callback(Object.assign(new Error(`${hostname} has no IPv${family} address`), { code: 'ENOTFOUND' }), '', 4);
          return;
        }
        if (lookupOptions.all) (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      },
      (error: Error) => callback(Object.assign(error, { code: (error as DestinationRefused).code ?? 'ENOTFOUND' }), '', 4),
    );
  };
}
