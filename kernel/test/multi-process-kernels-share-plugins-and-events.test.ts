import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { eventually } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AMQP_URL, createScratchPostgres, REDIS_URL, type ScratchDatabase } from './support/databases.ts';
import { httpClient, spawnKernel, type KernelProcess } from './support/spawn-kernel.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/plugins', import.meta.url));

describe('two kernel processes against one PostgreSQL, Redis and RabbitMQ', () => {
  let database: ScratchDatabase;
  let a: KernelProcess;
  let b: KernelProcess;
  let token: string;

  beforeAll(async () => {
    database = await createScratchPostgres();
    const suffix = randomBytes(4).toString('hex');
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      AMQP_URL,
      JWT_SECRET: randomBytes(32).toString('base64url'),
      PLUGIN_DIRS: FIXTURES,
      OPERATOR_EMAIL: 'operator@multi.test',
      OPERATOR_PASSWORD: 'operator-password-1',
      KITS_TEST_EXCHANGE: `kits.events.test.${suffix}`,
      KITS_TEST_PREFIX: `kits-test-${suffix}:`,
    };
    a = await spawnKernel(env);
    b = await spawnKernel(env);
    const onA = httpClient(a.url);
    const operator = await onA<{ accessToken: string }>('POST', '/api/v1/auth/operator/login', {
      body: { email: env.OPERATOR_EMAIL, password: env.OPERATOR_PASSWORD },
    });
    const admin = { email: 'admin@multi.test', password: 'admin-password-1', displayName: 'Admin' };
    expect(
      (
        await onA('POST', '/api/v1/tenants', {
          token: operator.body.accessToken,
          body: { slug: 'multi', name: 'Multi', currency: 'EUR', admin },
        })
      ).status,
    ).toBe(201);
    token = (
      await onA<{ accessToken: string }>('POST', '/api/v1/auth/login', {
        body: { tenant: 'multi', email: admin.email, password: admin.password },
      })
    ).body.accessToken;
  }, 180_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it('a plugin enabled through process A serves requests on process B within 1 s', async () => {
    const onA = httpClient(a.url);
    const onB = httpClient(b.url);
    const before = await onB<{ code: string }>('GET', '/api/v1/notes/notes', { token });
    expect(before.body.code).toBe('plugins.not_enabled');

    expect((await onA('POST', '/api/v1/plugins/notes/enable', { token, body: {} })).status).toBe(200);
    const after = await eventually(
      () => onB('GET', '/api/v1/notes/notes', { token }),
      (response) => response.status === 200,
      1000,
    );
    expect(after.status).toBe(200);

    expect((await onA('POST', '/api/v1/plugins/notes/disable', { token })).status).toBe(200);
    const disabled = await eventually(
      () => onB('GET', '/api/v1/notes/notes', { token }),
      (response) => response.status === 404,
      1000,
    );
    expect(disabled.status).toBe(404);
    expect((await onA('POST', '/api/v1/plugins/notes/enable', { token, body: {} })).status).toBe(200);
  });

  it('events published on either process reach their subscriber exactly once', async () => {
    const onA = httpClient(a.url);
    const onB = httpClient(b.url);
    await eventually(
      () => onB('GET', '/api/v1/notes/notes', { token }),
      (response) => response.status === 200,
      1000,
    );
    const posts = [];
    for (let i = 0; i < 20; i++)
      posts.push((i % 2 === 0 ? onA : onB)('POST', '/api/v1/notes/notes', { token, body: { body: `note ${i}` } }));
    expect((await Promise.all(posts)).map((response) => response.status)).toEqual(Array(20).fill(201));
    const counted = await eventually(
      () => onA<{ created: number }>('GET', '/api/v1/notes/counts', { token }),
      (response) => response.body.created >= 20,
      20_000,
    );
    expect(counted.body.created).toBe(20);
    // Let any duplicate delivery arrive before checking again.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await onB<{ created: number }>('GET', '/api/v1/notes/counts', { token })).body.created).toBe(20);
  });
});
