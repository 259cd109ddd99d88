import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPOSE_DIR, KERNEL_VERSION, readCompose, readIni, REPO_ROOT, unpinnedImageReason } from './support/production-manifests.ts';

const run = promisify(execFile);
const { services } = readCompose();
const composeText = readFileSync(`${COMPOSE_DIR}compose.yaml`, 'utf8');
const haproxyConfig = readFileSync(`${COMPOSE_DIR}haproxy.cfg`, 'utf8');
const KITS_IMAGE = `kits-pos/kernel:${KERNEL_VERSION}`;
/** Kernel services: the KiTS image with its default command (main.ts). */
const kernels = Object.entries(services).filter(([, service]) => service.image === KITS_IMAGE && service.command === undefined);
const longRunning = Object.entries(services).filter(([, service]) => service.restart !== 'no');

describe('the one-host compose file (deploy/compose/compose.yaml)', () => {
  it('runs PostgreSQL, PgBouncer, Redis, RabbitMQ, the registry, a proxy, the migrations and two kernels', () => {
    for (const name of ['postgres', 'pgbouncer', 'redis', 'rabbitmq', 'registry', 'proxy', 'migrate']) {
      expect(Object.keys(services), `compose.yaml: service ${name}`).toContain(name);
    }
    expect(kernels.length, 'compose.yaml: two kernels').toBeGreaterThanOrEqual(2);
  });

  it('pins every image to an exact version, the KiTS image to the kernel version', () => {
    for (const [name, service] of Object.entries(services)) {
      expect(service.image, `compose.yaml: ${name} names its image`).toBeDefined();
      expect(unpinnedImageReason(service.image!), `compose.yaml: ${name}'s image ${service.image}`).toBeUndefined();
      if (service.image!.startsWith('kits-pos/')) expect(service.image, `compose.yaml: ${name} runs the kernel's version`).toBe(KITS_IMAGE);
    }
  });

  it('gives every long-running service a healthcheck, a restart policy, a non-root user and resource limits', () => {
    for (const [name, service] of Object.entries(services)) {
      expect(service.restart, `compose.yaml: ${name} has a restart policy`).toMatch(/^(unless-stopped|always|on-failure|no)$/);
      expect(service.user, `compose.yaml: ${name} sets user`).toMatch(/^\d+:\d+$/);
      expect(service.user!.split(':')[0], `compose.yaml: ${name} does not run as root`).not.toBe('0');
      const resources = service.deploy?.resources;
      expect(resources?.limits?.cpus && resources.limits.memory, `compose.yaml: ${name} has cpu and memory limits`).toBeTruthy();
      expect(resources?.reservations?.memory, `compose.yaml: ${name} reserves memory`).toBeTruthy();
    }
    for (const [name, service] of longRunning) {
      expect(service.healthcheck?.test?.length, `compose.yaml: ${name} has a healthcheck`).toBeGreaterThan(1);
    }
  });

  it('runs the kernels read-only, with tmpfs where they write, checked on /readyz, after the migrations', () => {
    for (const [name, kernel] of kernels) {
      expect(kernel.read_only, `compose.yaml: ${name} has read_only: true`).toBe(true);
      const mounts = (kernel.tmpfs ?? []).map((entry) => entry.split(':')[0]);
      expect(mounts, `compose.yaml: ${name} has tmpfs on /tmp and the plugin cache`).toEqual(
        expect.arrayContaining(['/tmp', '/app/.kits-cache']),
      );
      expect(kernel.healthcheck!.test!.join(' '), `compose.yaml: ${name}'s healthcheck asks /readyz`).toContain('/readyz');
      expect(kernel.depends_on?.migrate?.condition, `compose.yaml: ${name} starts after migrate succeeded`).toBe(
        'service_completed_successfully',
      );
    }
    for (const [name, service] of Object.entries(services).filter(([, s]) => s.image === KITS_IMAGE && s.command)) {
      expect(existsSync(`${REPO_ROOT}${service.command![0]}`), `compose.yaml: ${name} runs ${service.command![0]}, which exists`).toBe(
        true,
      );
    }
  });

  it('takes every secret from .env, and .env.example lists each one', () => {
    const example = readFileSync(`${COMPOSE_DIR}.env.example`, 'utf8');
    const required = [...composeText.matchAll(/\$\{([A-Z_]+):\?/g)].map((match) => match[1]!);
    expect(required.length, 'compose.yaml: secrets are required interpolations (${NAME:?…})').toBeGreaterThan(0);
    for (const name of new Set(required)) expect(example, `.env.example: lists ${name}`).toMatch(new RegExp(`^${name}=`, 'm'));
    for (const [name, service] of Object.entries(services)) {
      for (const [variable, value] of Object.entries(service.environment ?? {})) {
        if (!/PASSWORD|SECRET|TOKEN|_KEY$|_PASS$/.test(variable)) continue;
        expect(String(value), `compose.yaml: ${name}'s ${variable} comes from .env, not the file`).toMatch(/^\$\{[A-Z_]+(:[?-][^}]*)?\}$/);
      }
    }
  });

  it('connects the kernels to PostgreSQL through PgBouncer in transaction pooling mode', () => {
    for (const [name, kernel] of kernels) {
      const url = new URL(kernel.environment!.DATABASE_URL!.replace(/\$\{[^}]+\}/g, 'secret'));
      expect(`${url.hostname}:${url.port}`, `compose.yaml: ${name}'s DATABASE_URL goes to PgBouncer`).toBe('pgbouncer:6432');
    }
    const ini = readIni(`${COMPOSE_DIR}pgbouncer.ini`);
    expect(ini.pgbouncer?.pool_mode, 'pgbouncer.ini: pool_mode = transaction').toBe('transaction');
    expect(ini.pgbouncer?.listen_port, 'pgbouncer.ini: listens where the kernels connect').toBe('6432');
    expect(ini.databases?.kits, 'pgbouncer.ini: the kits database is PostgreSQL').toMatch(/host=postgres\b/);
    expect(Number(ini.pgbouncer?.max_prepared_statements), 'pgbouncer.ini: prepared statements are tracked per client').toBeGreaterThan(0);
  });

  it('runs Redis with its append-only file', () => {
    const command = services.redis!.command!.join(' ');
    expect(command, 'compose.yaml: redis runs with --appendonly yes').toMatch(/--appendonly yes\b/);
    expect(
      services.redis!.volumes?.some((volume) => volume.endsWith(':/data')),
      'compose.yaml: redis keeps /data on a volume',
    ).toBe(true);
  });

  it('terminates TLS 1.3 only at the proxy, which balances the kernels on /readyz', () => {
    const binds = haproxyConfig.split('\n').filter((line) => /^\s*bind\b.*\bssl\b/.test(line));
    expect(binds.length, 'haproxy.cfg: a TLS listener').toBeGreaterThan(0);
    for (const bind of binds) expect(bind, 'haproxy.cfg: every TLS bind sets ssl-min-ver TLSv1.3').toMatch(/ssl-min-ver TLSv1\.3\b/);
    expect(haproxyConfig, 'haproxy.cfg: TLS 1.3 is also the global default').toMatch(/ssl-default-bind-options[^\n]*ssl-min-ver TLSv1\.3/);
    expect(haproxyConfig, 'haproxy.cfg: no listener allows an older TLS').not.toMatch(/TLSv1\.[012]\b|SSLv3/);
    expect(haproxyConfig, 'haproxy.cfg: kernels are checked on /readyz').toMatch(/option httpchk GET \/readyz/);
    const servers = [...haproxyConfig.matchAll(/^\s*server\s+\S+\s+([\w-]+):3000\b/gm)].map((match) => match[1]);
    expect(servers.sort(), 'haproxy.cfg: the backend lists every kernel service').toEqual(kernels.map(([name]) => name).sort());
    const published = services.proxy!.ports ?? [];
    expect(published, 'compose.yaml: only the proxy publishes ports, 443 among them').toContain('443:8443');
    for (const [name, service] of Object.entries(services).filter(([name]) => name !== 'proxy')) {
      expect(service.ports, `compose.yaml: ${name} is reached only inside the compose network`).toBeUndefined();
    }
  });
});

describe('haproxy.cfg as HAProxy itself reads it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kits-haproxy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is a valid configuration (haproxy -c), with a certificate made for the check', async () => {
    // The certificate the operator mounts, stood in for by a self-signed one made here.
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-keyout',
      join(dir, 'kits.key'),
      '-out',
      join(dir, 'kits.crt'),
    ]);
    writeFileSync(join(dir, 'kits.pem'), readFileSync(join(dir, 'kits.crt'), 'utf8') + readFileSync(join(dir, 'kits.key'), 'utf8'));
    const config = join(dir, 'haproxy.cfg');
    writeFileSync(config, haproxyConfig.replaceAll('/usr/local/etc/haproxy/certs/kits.pem', join(dir, 'kits.pem')));
    const { stdout, stderr } = await run('haproxy', ['-c', '-f', config]);
    expect(`${stdout}${stderr}`, 'haproxy -c accepts deploy/compose/haproxy.cfg').toMatch(/Configuration file is valid/);
    expect(stderr, 'haproxy -c reports nothing but the kernels not resolving outside compose').not.toMatch(/\[ALERT\]/);
  });
});
