import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveOnXero, xeroKit, type XeroKit } from './support.ts';

// Bad input to every route is a 4xx problem+json that changes nothing.
describe('xero routes refuse bad input (pglite)', () => {
  let s: XeroKit;
  let unconfigured: XeroKit;
  beforeAll(async () => {
    s = await xeroKit('pglite', { caller: false });
    unconfigured = await xeroKit('pglite', { caller: false, settings: { clientId: undefined, clientSecret: undefined } });
  });
  afterAll(async () => {
    await s?.close();
    await unconfigured?.close();
  });

  const states = async (kit: XeroKit) => {
    const connection = await kit.kit.request<{ status: string }>('GET', '/api/v1/xero/connection');
    return connection.body.status;
  };

  it.each([
    ['no body', undefined],
    ['no redirectUri', {}],
    ['a redirectUri that is not a URL', { redirectUri: 'office/xero/connect' }],
    ['a javascript: URI', { redirectUri: 'javascript:alert(1)//x' }],
    ['an unknown field', { redirectUri: 'http://kits.test/office/xero/connect', tenant: 'other' }],
  ])('POST /connection/oauth/start with %s is a 400', async (_name, body) => {
    const answer = await s.kit.request<{ status: number; code: string }>(
      'POST',
      '/api/v1/xero/connection/oauth/start',
      body === undefined ? {} : { body },
    );
    expect(answer.status).toBe(400);
    expect(String(answer.headers['content-type'])).toContain('application/problem+json');
  });

  it('POST /connection/oauth/start without the app’s credentials is a 409 naming the settings', async () => {
    const answer = await unconfigured.kit.request<{ code: string; detail: string }>('POST', '/api/v1/xero/connection/oauth/start', {
      body: { redirectUri: 'http://kits.test/office/xero/connect' },
    });
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('xero.app_not_configured');
    expect(answer.body.detail).toContain('clientId');
  });

  it.each([
    ['no body', undefined],
    ['no state', { code: 'abc' }],
    ['no code', { state: 'abcdefghijklmnopqrstuvwxyz' }],
    ['a state with spaces', { code: 'abc', state: 'abc defghijklmnopqrstuvwxyz' }],
    ['a realmId (QuickBooks’, not Xero’s)', { code: 'abc', state: 'abcdefghijklmnopqrstuvwxyz', realmId: '123' }],
  ])('POST /connection/oauth/complete with %s is a 400 and connects nothing', async (_name, body) => {
    const answer = await s.kit.request('POST', '/api/v1/xero/connection/oauth/complete', body === undefined ? {} : { body });
    expect(answer.status).toBe(400);
    expect(await states(s)).toBe('not_connected');
  });

  it('POST /connection/oauth/complete with a code Xero refuses is a 400 and connects nothing', async () => {
    const { state } = await approveOnXero(s);
    const answer = await s.kit.request<{ code: string }>('POST', '/api/v1/xero/connection/oauth/complete', {
      body: { code: 'not-the-code-xero-gave', state },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('xero.oauth_code_refused');
    expect(await states(s)).toBe('not_connected');
  });

  it('DELETE /connection with nothing connected is a 409', async () => {
    const answer = await s.kit.request<{ code: string }>('DELETE', '/api/v1/xero/connection');
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('xero.not_connected');
  });

  it('GET /connection without signing in is a 401', async () => {
    const answer = await s.kit.request('GET', '/api/v1/xero/connection', { token: '' });
    expect(answer.status).toBe(401);
  });
});
