import { createHash, randomBytes } from 'node:crypto';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.ts';
import { createKernel, type Kernel } from '../src/kernel.ts';
import { fixturePlugin } from './support/fixtures.ts';

const API_KEY = 'sk_live_rotation_7781';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const secret = () => randomBytes(36).toString('base64url');

/**
 * Rotating JWT_SECRET (and with it the key of sealed settings, which defaults to it): kernels started
 * with the new secret and the old one in JWT_SECRET_PREVIOUS accept access tokens issued before, and
 * open secrets sealed before, while new tokens and new secrets use the new one (docs/operations.md).
 */
describe('rotating JWT_SECRET and the settings key', () => {
  const oldSecret = secret();
  const newSecret = secret();
  let kit: TestKernel;
  const started: Kernel[] = [];

  /** A kernel process on the same database, started with `env` over the first one's. */
  const kernelWith = async (env: Record<string, string>) => {
    const kernel = await createKernel(
      loadConfig({
        DATA_DIR: 'memory://',
        LOG_LEVEL: 'silent',
        PORT: '0',
        PLUGIN_DIRS: '',
        DATABASE_URL: kit.kernel.config.databaseUrl!,
        // The embedded registry's publisher keeps the key it was made with.
        LOCAL_PUBLISHER_SECRET: oldSecret,
        ...env,
      }),
      { plugins: [...kit.kernel.plugins.catalog.all()] },
    );
    started.push(kernel);
    return kernel;
  };
  const get = async <Body>(kernel: Kernel, url: string, token: string) => {
    const response = await kernel.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    return { status: response.statusCode, body: response.json<Body>() };
  };

  beforeAll(async () => {
    kit = await createTestKernel({
      plugins: [fixturePlugin('loyalty-1')],
      db: 'postgres',
      env: { JWT_SECRET: oldSecret },
      settings: { loyalty: { apiKey: API_KEY } },
    });
  }, 120_000);
  afterAll(async () => {
    for (const kernel of started) await kernel.close();
    await kit?.close();
  });

  it('with the old secret kept as previous: old tokens and sealed settings work, new ones use the new secret', async () => {
    const rotated = await kernelWith({ JWT_SECRET: newSecret, JWT_SECRET_PREVIOUS: oldSecret });
    const seen = await get<{ seen: { route: string } }>(rotated, '/api/v1/loyalty/seen', kit.tenant.admin.token);
    expect(seen.status).toBe(200);
    expect(seen.body.seen.route).toBe(sha256(API_KEY));

    // A token the rotated kernel issues is signed with the new secret: the old kernel refuses it.
    const signedIn = await rotated.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { tenant: kit.tenant.slug, email: kit.tenant.admin.email, password: kit.tenant.admin.password },
    });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    const fresh = signedIn.json<{ accessToken: string }>().accessToken;
    expect((await get(rotated, '/api/v1/loyalty/seen', fresh)).status).toBe(200);
    expect((await get<{ code: string }>(kit.kernel, '/api/v1/loyalty/seen', fresh)).body.code).toBe('auth.invalid_token');

    // A secret saved now is sealed under the new key, and still opens for the rotated kernel.
    const saved = await rotated.app.inject({
      method: 'PUT',
      url: '/api/v1/plugins/loyalty/settings',
      headers: { authorization: `Bearer ${fresh}` },
      payload: { apiKey: 'sk_live_after_rotation' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await get<{ seen: { route: string } }>(rotated, '/api/v1/loyalty/seen', fresh)).body.seen.route).toBe(
      sha256('sk_live_after_rotation'),
    );
  });

  it('once the old secret is dropped, tokens signed with it are refused', async () => {
    const oldToken = kit.tenant.admin.token;
    const without = await kernelWith({ JWT_SECRET: newSecret });
    const refused = await get<{ code: string }>(without, '/api/v1/loyalty/seen', oldToken);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('auth.invalid_token');
  });

  it.each([
    ['JWT_SECRET_PREVIOUS', { JWT_SECRET: newSecret, JWT_SECRET_PREVIOUS: 'too-short' }],
    [
      'PLUGIN_SETTINGS_KEY_PREVIOUS',
      { JWT_SECRET: newSecret, PLUGIN_SETTINGS_KEY: secret(), PLUGIN_SETTINGS_KEY_PREVIOUS: `${secret()},short` },
    ],
  ])('a short secret in %s stops the start, naming the variable', (name, env) => {
    expect(() => loadConfig({ DATA_DIR: 'memory://', DATABASE_URL: 'postgres://127.0.0.1/x', ...env })).toThrow(name);
  });
});
