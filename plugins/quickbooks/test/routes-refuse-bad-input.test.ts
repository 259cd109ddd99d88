import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize, connection, quickBooksKit, type QuickBooksKit } from './support.ts';

const API = '/api/v1/quickbooks';

interface Problem {
  readonly code: string;
  readonly status: number;
  readonly detail: string;
}

// Every route of the plugin answers bad input with a 4xx problem+json a person can act on, and
// changes nothing: no state issued or spent, no connection stored, no token asked of Intuit.
describe('quickbooks routes refuse bad input (pglite)', () => {
  let s: QuickBooksKit;
  const states = async () =>
    (await s.kit.kernel.db.query<{ state: string }>('select state from quickbooks.oauth_states order by state')).map((r) => r.state);
  const connections = async () => s.kit.kernel.db.query('select * from quickbooks.connections');
  const tokenCalls = () => s.qbo.requests.filter((r) => r.path === '/oauth2/v1/tokens/bearer').length;

  /** Sends the request; expects a problem+json `status` (and `code` when given) and nothing changed. */
  async function refused(method: string, url: string, body: unknown, status: number, code?: string): Promise<Problem> {
    const before = { states: await states(), connections: await connections(), tokenCalls: tokenCalls() };
    const answer = await s.kit.request<Problem>(method, url, body === undefined ? {} : { body });
    expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    expect(String(answer.headers['content-type'])).toContain('application/problem+json');
    if (code) expect(answer.body.code).toBe(code);
    expect(answer.body.detail.length).toBeGreaterThan(10);
    expect({ states: await states(), connections: await connections(), tokenCalls: tokenCalls() }).toEqual(before);
    return answer.body;
  }

  beforeAll(async () => {
    s = await quickBooksKit('pglite');
  });
  afterAll(async () => s?.close());

  it('POST /connection/oauth/start: no body, a redirect that is not an http(s) URL, an unknown field', async () => {
    await refused('POST', `${API}/connection/oauth/start`, {}, 400);
    await refused('POST', `${API}/connection/oauth/start`, { redirectUri: 'javascript:alert(1)' }, 400);
    await refused('POST', `${API}/connection/oauth/start`, { redirectUri: 'office/quickbooks' }, 400);
    await refused('POST', `${API}/connection/oauth/start`, { redirectUri: 'https://shop.example/office/quickbooks', scope: 'all' }, 400);
  });

  it('POST /connection/oauth/complete: missing fields, a realmId that is not Intuit’s, an unknown field, a state never issued', async () => {
    const good = await authorize(s);
    await refused('POST', `${API}/connection/oauth/complete`, {}, 400);
    await refused('POST', `${API}/connection/oauth/complete`, { code: good.code, state: good.state }, 400);
    await refused('POST', `${API}/connection/oauth/complete`, { ...good, realmId: '12ab' }, 400);
    await refused('POST', `${API}/connection/oauth/complete`, { ...good, state: 'short' }, 400);
    await refused('POST', `${API}/connection/oauth/complete`, { ...good, extra: true }, 400);
    await refused('POST', `${API}/connection/oauth/complete`, { ...good, state: 'x'.repeat(32) }, 400, 'quickbooks.oauth_state');
  });

  it('POST /connection/oauth/complete: a code Intuit refuses is a 400 with Intuit’s words, and the state is not spent', async () => {
    const good = await authorize(s);
    const before = await states();
    const answer = await s.kit.request<Problem>('POST', `${API}/connection/oauth/complete`, { body: { ...good, code: 'AB-not-a-code' } });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('quickbooks.oauth_exchange_refused');
    expect(answer.body.detail).toContain('invalid_grant');
    expect(await states()).toEqual(before);
    expect(await connections()).toEqual([]);
    // The state still works with the right code.
    const done = await s.kit.request('POST', `${API}/connection/oauth/complete`, { body: good });
    expect(done.status).toBe(200);
    expect((await connection(s)).status).toBe('connected');
    await s.kit.request('DELETE', `${API}/connection`);
  });

  it('POST /connection/oauth/complete: a state started by someone else is refused', async () => {
    const good = await authorize(s);
    const other = await s.kit.createTenant();
    const answer = await s.kit.request<Problem>('POST', `${API}/connection/oauth/complete`, { body: good, token: other.admin.token });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('quickbooks.oauth_state');
  });

  it('DELETE /connection when nothing is connected is a 409', async () => {
    await refused('DELETE', `${API}/connection`, undefined, 409, 'quickbooks.not_connected');
  });

  it('GET /connection and every change need a signed-in person with the permission', async () => {
    const anonymous = await s.kit.request('GET', `${API}/connection`, { token: null });
    expect(anonymous.status).toBe(401);
    const start = await s.kit.request('POST', `${API}/connection/oauth/start`, {
      token: null,
      body: { redirectUri: 'https://shop.example/office/quickbooks' },
    });
    expect(start.status).toBe(401);
  });
});
