import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.ts';

type Sessions = { items: Array<{ address: string | null; current: boolean }> };

/**
 * Behind a load balancer every request comes from the balancer's address. With TRUST_PROXY naming
 * it, the kernel takes the client's address from X-Forwarded-For — for the sign-in throttles and the
 * list of sessions; without, a forwarded address is not believed (anyone could send one).
 */
describe.each([
  ['with TRUST_PROXY naming the balancer', { TRUST_PROXY: '127.0.0.1' }, '203.0.113.7'],
  ['without TRUST_PROXY', {}, '127.0.0.1'],
] as const)('%s', (_name, env, seen) => {
  let kit: TestKernel;
  afterAll(async () => kit?.close());

  it(`a sign-in forwarded for 203.0.113.7 is recorded from ${seen}`, async () => {
    kit = await createTestKernel({ db: 'pglite', env });
    const { email, password } = kit.tenant.admin;
    const signedIn = await kit.kernel.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'x-forwarded-for': '203.0.113.7' },
      payload: { tenant: kit.tenant.slug, email, password },
    });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    const token = signedIn.json<{ accessToken: string }>().accessToken;
    const sessions = await kit.request<Sessions>('GET', '/api/v1/auth/sessions', { token });
    expect(sessions.body.items.find((session) => session.current)?.address).toBe(seen);
  });
});

describe('TRUST_PROXY', () => {
  it.each(['1', '10.0.0.0/8,127.0.0.1', '::1'])('takes %s', (value) => {
    expect(() => loadConfig({ DATA_DIR: 'memory://', TRUST_PROXY: value })).not.toThrow();
  });
  it.each(['yes', 'the balancer', '10.0.0.0/8;127.0.0.1'])('refuses %s, naming the variable', (value) => {
    expect(() => loadConfig({ DATA_DIR: 'memory://', TRUST_PROXY: value })).toThrow('TRUST_PROXY');
  });
});
