import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A certificate authority made for one run, and the balancer's certificate it signed. */
export interface TlsCertificates {
  /** The CA's certificate (PEM): what a client trusts to reach the balancer. */
  readonly caCert: string;
  readonly caCertPath: string;
  /** The server's certificate, its chain and its key in one PEM file, as HAProxy's `crt` reads it. */
  readonly serverPemPath: string;
}

/**
 * Makes, with openssl, a CA (EC P-256, valid a day) and a server certificate it signs for
 * 127.0.0.1 and localhost (subjectAltName: clients check the name against it, not the CN).
 * Everything is written to `dir`; nothing is trusted system-wide.
 */
export async function makeTlsCertificates(dir: string): Promise<TlsCertificates> {
  const path = (name: string) => join(dir, name);
  const openssl = (args: string[]) => run('openssl', args);
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await openssl([
    'req',
    '-x509',
    ...ecKey,
    '-keyout',
    path('ca.key'),
    '-out',
    path('ca.crt'),
    '-days',
    '1',
    '-subj',
    '/CN=KiTS topology CA',
  ]);
  await openssl(['req', ...ecKey, '-keyout', path('server.key'), '-out', path('server.csr'), '-subj', '/CN=localhost']);
  writeFileSync(
    path('server.ext'),
    [
      'basicConstraints = CA:FALSE',
      'keyUsage = digitalSignature',
      'extendedKeyUsage = serverAuth',
      'subjectAltName = IP:127.0.0.1, DNS:localhost',
      '',
    ].join('\n'),
  );
  await openssl([
    'x509',
    '-req',
    '-in',
    path('server.csr'),
    '-CA',
    path('ca.crt'),
    '-CAkey',
    path('ca.key'),
    '-CAcreateserial',
    '-out',
    path('server.crt'),
    '-days',
    '1',
    '-extfile',
    path('server.ext'),
  ]);
  const caCert = readFileSync(path('ca.crt'), 'utf8');
  writeFileSync(path('server.pem'), readFileSync(path('server.crt'), 'utf8') + caCert + readFileSync(path('server.key'), 'utf8'));
  return { caCert, caCertPath: path('ca.crt'), serverPemPath: path('server.pem') };
}
