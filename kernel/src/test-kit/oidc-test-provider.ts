import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Configuration } from 'oidc-provider';

/**
 * A real OpenID Provider for tests (`oidc-provider`, configured as a company IdP is: discovery,
 * JWKS, authorization code flow with PKCE, refresh tokens, a group claim in the ID token), on a
 * loopback port. People sign in on its own login page by typing their e-mail, as on Entra ID or
 * Okta. A test adds people, removes them (their refresh tokens are then refused), and rotates the
 * signing key.
 */
export interface OidcTestPerson {
  readonly sub: string;
  readonly email: string;
  readonly name: string;
  readonly groups?: readonly string[];
}

export interface OidcTestProvider {
  /** The issuer URL (`http://127.0.0.1:<port>`). */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Adds (or replaces) a person who can sign in. */
  addPerson(person: OidcTestPerson): void;
  /** Removes a person: they cannot sign in, and refreshing their tokens is refused with invalid_grant. */
  removePerson(sub: string): void;
  /** Signs with a new key from now on; the JWKS lists the new key first and keeps the old one. */
  rotateSigningKey(): Promise<void>;
  /** Every request the provider answered, as `METHOD /path` (a test checks the JWKS was fetched again). */
  readonly requests: readonly string[];
  /**
   * Answers a token request through `change` before it leaves (a test tampers with the ID token the
   * relying party receives). Undefined answers as the provider did.
   */
  tamperTokenResponse(change: ((body: Record<string, unknown>) => Record<string, unknown>) | undefined): void;
  close(): Promise<void>;
}

export interface OidcTestProviderOptions {
  /** The relying party's redirect URIs, e.g. `http://127.0.0.1:3000/api/v1/auth/sso/callback`. */
  readonly redirectUris: readonly string[];
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** What the provider calls itself on its login page. */
  readonly name?: string;
}

const signingKey = () => ({
  ...(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as Record<string, unknown>),
  kid: `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
  use: 'sig',
  alg: 'RS256',
});

const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;background:#eef1f6;display:grid;place-items:center;min-height:100vh;margin:0}
form{background:#fff;padding:32px;border-radius:12px;box-shadow:0 4px 24px #0002;display:grid;gap:12px;width:320px}
h1{font-size:20px;margin:0 0 8px}input{padding:10px;font-size:16px;border:1px solid #99a;border-radius:6px}
button{padding:10px;font-size:16px;background:#2450b8;color:#fff;border:0;border-radius:6px}p{margin:0;color:#a22}</style></head>
<body>${body}</body></html>`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function formBody(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startOidcTestProvider(options: OidcTestProviderOptions): Promise<OidcTestProvider> {
  const clientId = options.clientId ?? 'kits-office';
  const clientSecret = options.clientSecret ?? 'test-client-secret-0123456789abcdef';
  const name = options.name ?? 'Acme ID';
  const people = new Map<string, OidcTestPerson>();
  const requests: string[] = [];
  let keys = [signingKey()];
  let tamper: ((body: Record<string, unknown>) => Record<string, unknown>) | undefined;

  // Loaded here, not with the test kit: only the tests that start a provider pay for it.
  const { default: Provider } = await import('oidc-provider');
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const configuration = (): Configuration => ({
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [...options.redirectUris],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: keys as never },
    cookies: { keys: ['oidc-test-provider-cookie-key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    // A company IdP puts the person's e-mail and groups in the ID token.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    // Staff sign in to their own company's app: no consent screen (oidc-provider's skip-consent recipe).
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope('openid email profile offline_access');
      await grant.save();
      return grant;
    },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    expiresWithSession: async () => false,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const person = people.get(sub);
      if (!person) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: person.email,
          email_verified: true,
          name: person.name,
          groups: [...(person.groups ?? [])],
        }),
      };
    },
    ttl: { AccessToken: 600, IdToken: 600, RefreshToken: 86_400, Interaction: 600, Session: 3600, Grant: 86_400 },
  });

  let provider = new Provider(issuer, configuration());
  provider.proxy = false;

  const interaction = async (request: IncomingMessage, response: ServerResponse, uid: string): Promise<void> => {
    if (request.method === 'GET') {
      await provider.interactionDetails(request, response);
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(
        page(
          `Sign in — ${name}`,
          `<form method="post" action="/interaction/${uid}"><h1>Sign in to ${escapeHtml(name)}</h1>
<label>Work e-mail <input name="login" type="email" autofocus required></label>
<button type="submit">Sign in</button></form>`,
        ),
      );
      return;
    }
    const login = (await formBody(request)).get('login') ?? '';
    const person = [...people.values()].find((candidate) => candidate.email.toLowerCase() === login.toLowerCase());
    if (!person) {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(
        page(
          `Sign in — ${name}`,
          `<form method="post" action="/interaction/${uid}"><h1>Sign in to ${escapeHtml(name)}</h1>
<p role="alert">No account ${escapeHtml(login)} here.</p><label>Work e-mail <input name="login" type="email" required></label>
<button type="submit">Sign in</button></form>`,
        ),
      );
      return;
    }
    await provider.interactionFinished(request, response, { login: { accountId: person.sub } }, { mergeWithLastSubmission: false });
  };

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', issuer);
    requests.push(`${request.method} ${url.pathname}`);
    const uid = /^\/interaction\/([^/]+)$/.exec(url.pathname)?.[1];
    if (uid) {
      interaction(request, response, uid).catch((error: Error) => {
        response.statusCode = 400;
        response.end(page('Sign-in failed', `<p role="alert">${escapeHtml(error.message)}</p>`));
      });
      return;
    }
    if (url.pathname === '/token' && tamper) {
      // Let the provider answer into a buffer, change the JSON, then send it.
      const change = tamper;
      const write = response.write.bind(response);
      const end = response.end.bind(response);
      const chunks: Buffer[] = [];
      response.write = ((chunk: unknown) => {
        chunks.push(Buffer.from(chunk as Buffer));
        return true;
      }) as typeof response.write;
      response.end = ((chunk?: unknown) => {
        if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk as Buffer));
        const text = Buffer.concat(chunks).toString('utf8');
        let out = text;
        try {
          out = JSON.stringify(change(JSON.parse(text) as Record<string, unknown>));
        } catch {
          // not JSON: as it was
        }
        response.removeHeader('content-length');
        write(out);
        return end();
      }) as typeof response.end;
    }
    provider.callback()(request, response);
  });

  return {
    issuer,
    clientId,
    clientSecret,
    requests,
    addPerson: (person) => void people.set(person.sub, person),
    removePerson: (sub) => void people.delete(sub),
    tamperTokenResponse: (change) => {
      tamper = change;
    },
    async rotateSigningKey() {
      keys = [signingKey(), ...keys];
      // The provider reads its keys once; a new one with the same (module-wide, in-memory) storage
      // keeps every grant and refresh token.
      provider = new Provider(issuer, configuration());
      provider.proxy = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
