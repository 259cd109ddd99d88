import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultChart, defaultTaxRates, type DoubleAccount, type DoubleTaxRate } from './chart.ts';
import { Documents, type Json, type Refusal } from './documents.ts';
import { Identity } from './identity.ts';
import { matches, parseWhere } from './where.ts';

/**
 * Xero for the xero plugin's tests, written from Xero's public API docs: the identity endpoints
 * (authorize, token with rotating refresh tokens), `/connections`, and the Accounting API subset the
 * plugin uses under `/api.xro/2.0` — Organisation, Accounts, TaxRates, ManualJournals, Invoices,
 * Payments, Contacts — with `where` filters, Idempotency-Key (same key and request: the stored answer,
 * nothing made twice), ValidationErrors, 429s with Retry-After and X-Rate-Limit-Problem, and a
 * journal stored whose answer never arrives. Every API call needs a live bearer token and the
 * organisation's xero-tenant-id.
 */

export type FailureKind = 'rate_limit' | 'timeout_after_store' | 'validation' | 'revoked';

export interface XeroDoubleOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly organisationName?: string;
  readonly baseCurrency?: string;
}

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  readonly idempotencyKey: string | null;
  readonly status: number;
}

export interface XeroDouble {
  readonly url: string;
  /** The settings that point the plugin here. */
  readonly settings: { apiBase: string; tokenUrl: string; authorizeUrl: string; connectionsUrl: string };
  readonly xeroTenantId: string;
  readonly identity: Identity;
  readonly documents: Documents;
  readonly accounts: DoubleAccount[];
  readonly taxRates: DoubleTaxRate[];
  readonly calls: RecordedCall[];
  /** The next call fails so: 429 (any API call), a refusal or a lost answer (the next create), every token revoked. */
  failNextWith(kind: FailureKind, options?: { limit?: 'minute' | 'day'; retryAfter?: number; message?: string }): void;
  /** Documents that hold a day: manual journals and sales invoices. */
  journalsStored(): Promise<number>;
  close(): Promise<void>;
}

const PREFIX = '/api.xro/2.0';

export async function startXeroDouble(options: XeroDoubleOptions): Promise<XeroDouble> {
  const xeroTenantId = randomUUID();
  const connectionId = randomUUID();
  let authEventId = randomUUID();
  const identity = new Identity(options.clientId, options.clientSecret, () => (authEventId = randomUUID()));
  const accounts = defaultChart();
  const taxRates = defaultTaxRates();
  const documents = new Documents(accounts, taxRates);
  const idempotent = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  const calls: RecordedCall[] = [];
  let nextFailure: { kind: FailureKind; limit: string; retryAfter: number; message: string } | undefined;
  const organisation = {
    OrganisationID: randomUUID(),
    Name: options.organisationName ?? 'Harbour Books Ltd',
    LegalName: options.organisationName ?? 'Harbour Books Ltd',
    BaseCurrency: options.baseCurrency ?? 'EUR',
    CountryCode: 'IE',
    ShortCode: '!kTs9q',
    OrganisationType: 'COMPANY',
    Version: 'GLOBAL',
  };

  const envelope = (key: string, items: unknown[]) => ({
    Id: randomUUID(),
    Status: 'OK',
    ProviderName: 'KiTS POS',
    DateTimeUTC: `/Date(${Date.now()})/`,
    [key]: items,
  });
  const validation = (elements: Json[]) => ({
    ErrorNumber: 10,
    Type: 'ValidationException',
    Message: 'A validation exception occurred',
    Elements: elements,
  });

  async function handle(request: IncomingMessage, response: ServerResponse, raw: string): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://double');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      calls.push({ method: request.method ?? '', path: url.pathname, idempotencyKey: header(request, 'idempotency-key') ?? null, status });
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      response.end(JSON.stringify(body));
    };

    if (url.pathname === '/identity/connect/authorize' && request.method === 'GET') {
      const answer = identity.authorize(url.searchParams);
      if (answer.status === 302) {
        response.writeHead(302, { location: answer.location });
        response.end();
      } else send(400, { error: answer.message });
      return;
    }
    if (url.pathname === '/connect/token' && request.method === 'POST') {
      const answer = identity.token(header(request, 'authorization'), header(request, 'content-type'), new URLSearchParams(raw));
      send(answer.status, answer.body);
      return;
    }
    if (url.pathname === '/connections' && request.method === 'GET') {
      if (!identity.live(header(request, 'authorization')))
        return send(401, { Type: null, Title: 'Unauthorized', Status: 401, Detail: 'TokenExpired' });
      return send(200, [
        {
          id: connectionId,
          authEventId,
          tenantId: xeroTenantId,
          tenantType: 'ORGANISATION',
          tenantName: organisation.Name,
          createdDateUtc: '2026-01-02T10:00:00.0000000',
          updatedDateUtc: new Date().toISOString(),
        },
        {
          id: randomUUID(),
          authEventId: randomUUID(),
          tenantId: randomUUID(),
          tenantType: 'PRACTICE',
          tenantName: 'A practice',
          createdDateUtc: '2025-01-02T10:00:00.0000000',
          updatedDateUtc: '2025-01-02T10:00:00.0000000',
        },
      ]);
    }
    if (!url.pathname.startsWith(PREFIX)) return send(404, { Title: 'Not Found', Status: 404 });

    // Accounting API: a live token for this organisation, always.
    if (!identity.live(header(request, 'authorization')))
      return send(401, { Type: null, Title: 'Unauthorized', Status: 401, Detail: 'AuthenticationUnsuccessful', Instance: randomUUID() });
    if (header(request, 'xero-tenant-id') !== xeroTenantId)
      return send(403, { Type: null, Title: 'Forbidden', Status: 403, Detail: 'AuthorizationUnsuccessful', Instance: randomUUID() });
    const resource = url.pathname.slice(PREFIX.length);
    const creating = request.method === 'PUT' || request.method === 'POST';
    // A refusal or a lost answer is the next *journal's*: a manual journal or a sales invoice.
    const dayDocument = creating && (resource === '/ManualJournals' || resource === '/Invoices');

    if (nextFailure?.kind === 'rate_limit') {
      const failure = nextFailure;
      nextFailure = undefined;
      return send(
        429,
        { Title: 'Too Many Requests', Status: 429, Detail: 'Rate limit exceeded' },
        {
          'retry-after': String(failure.retryAfter),
          'x-rate-limit-problem': failure.limit,
        },
      );
    }

    const key = header(request, 'idempotency-key');
    const fingerprint = `${request.method} ${resource} ${createHash('sha256').update(raw).digest('hex')}`;
    if (creating && key) {
      const seen = idempotent.get(key);
      if (seen) {
        if (seen.fingerprint !== fingerprint)
          return send(
            400,
            validation([{ ValidationErrors: [{ Message: 'The Idempotency-Key was already used for a different request.' }] }]),
          );
        return send(seen.status, seen.body);
      }
    }

    if (dayDocument && nextFailure?.kind === 'validation') {
      const failure = nextFailure;
      nextFailure = undefined;
      return send(400, validation([{ ValidationErrors: [{ Message: failure.message }] }]));
    }

    let status = 200;
    let body: unknown;
    const where = url.searchParams.get('where');
    const clauses = where ? parseWhere(where) : [];
    if (clauses instanceof Error) return send(400, { ErrorNumber: 16, Type: 'QueryParseException', Message: clauses.message });

    if (request.method === 'GET' && resource === '/Organisation') body = envelope('Organisations', [organisation]);
    else if (request.method === 'GET' && resource === '/Accounts')
      body = envelope(
        'Accounts',
        accounts.filter((a) => matches(a as never, clauses)),
      );
    else if (request.method === 'GET' && resource === '/TaxRates')
      body = envelope(
        'TaxRates',
        taxRates.filter((r) => matches(r as never, clauses)),
      );
    else if (request.method === 'GET' && resource === '/ManualJournals')
      body = envelope(
        'ManualJournals',
        documents.journals.filter((j) => matches(j as never, clauses)).map((j) => documents.journalView(j)),
      );
    else if (request.method === 'GET' && resource === '/Invoices')
      body = envelope(
        'Invoices',
        documents.invoices.filter((i) => matches(i as never, clauses)).map((i) => documents.invoiceView(i)),
      );
    else if (request.method === 'GET' && resource === '/Contacts')
      body = envelope(
        'Contacts',
        documents.contacts.filter((c) => matches(c as never, clauses)),
      );
    else if (creating && ['/ManualJournals', '/Invoices', '/Payments', '/Contacts'].includes(resource)) {
      const collection = resource.slice(1);
      let parsed: Json;
      try {
        parsed = JSON.parse(raw) as Json;
      } catch {
        return send(400, { ErrorNumber: 17, Type: 'PostDataInvalidException', Message: 'The request body is not valid JSON' });
      }
      const items = Array.isArray(parsed[collection]) ? (parsed[collection] as Json[]) : undefined;
      if (!items || items.length === 0)
        return send(400, { ErrorNumber: 17, Type: 'PostDataInvalidException', Message: `Invalid Json data: ${collection} expected` });
      const made: unknown[] = [];
      const refused: Json[] = [];
      for (const item of items) {
        const outcome: Json | Refusal =
          resource === '/ManualJournals'
            ? (documents.createJournal(item) as unknown as Json | Refusal)
            : resource === '/Invoices'
              ? (documents.createInvoice(item) as unknown as Json | Refusal)
              : resource === '/Payments'
                ? (documents.createPayment(item) as unknown as Json | Refusal)
                : (documents.createContact(item) as unknown as Json | Refusal);
        if ('messages' in outcome && Array.isArray(outcome.messages))
          refused.push({ ...item, ValidationErrors: (outcome as Refusal).messages.map((Message) => ({ Message })) });
        else
          made.push(
            resource === '/ManualJournals'
              ? documents.journalView(outcome as never)
              : resource === '/Invoices'
                ? documents.invoiceView(outcome as never)
                : outcome,
          );
      }
      if (refused.length > 0) {
        status = 400;
        body = validation(refused);
      } else body = envelope(collection, made);
    } else return send(404, { Title: 'Not Found', Status: 404, Detail: `${request.method} ${resource} is not in this double` });

    if (creating && key) idempotent.set(key, { fingerprint, status, body });
    if (dayDocument && status === 200 && nextFailure?.kind === 'timeout_after_store') {
      // Stored, but the answer is lost on the way: the connection drops before a byte of it.
      nextFailure = undefined;
      calls.push({ method: request.method ?? '', path: url.pathname, idempotencyKey: key ?? null, status: 0 });
      request.socket.destroy();
      return;
    }
    send(status, body);
  }

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      handle(request, response, Buffer.concat(chunks).toString('utf8')).catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ Message: String(error) }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    settings: {
      apiBase: `${url}${PREFIX}`,
      tokenUrl: `${url}/connect/token`,
      authorizeUrl: `${url}/identity/connect/authorize`,
      connectionsUrl: `${url}/connections`,
    },
    xeroTenantId,
    identity,
    documents,
    accounts,
    taxRates,
    calls,
    failNextWith(kind, failure = {}) {
      if (kind === 'revoked') {
        identity.revokeAll();
        return;
      }
      nextFailure = {
        kind,
        limit: failure.limit ?? 'minute',
        retryAfter: failure.retryAfter ?? 7,
        message: failure.message ?? 'The document date cannot be before the period lock date (31 Dec 2026).',
      };
    },
    async journalsStored() {
      return documents.journals.length + documents.invoices.length;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
