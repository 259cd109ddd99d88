import { conflict, Nullable, Type, type RouteRegistrar, type TenantTransaction } from '@kits/plugin-sdk';
import type { QuickBooksSettings } from '../settings.ts';
import { loseConnection, readConnection, saveConnection } from './connection-store.ts';
import { companyFacts, spendState, startOAuth, tokensForCode } from './oauth.ts';

/** An absolute http(s) URL: where Intuit sends the merchant back (the office's QuickBooks page). */
const RedirectUri = Type.String({
  pattern: '^https?://[^\\s/?#]+(/[^\\s#]*)?$',
  maxLength: 500,
  description:
    'Where Intuit sends the merchant back (the office page /office/quickbooks); must be a redirect URI of the app on developer.intuit.com',
});

const Connection = Type.Object({
  status: Type.Union([Type.Literal('connected'), Type.Literal('reconnect_required'), Type.Literal('disconnected')]),
  realmId: Nullable(Type.String({ description: "The company's id at Intuit (realmId)" })),
  companyName: Nullable(Type.String()),
  currency: Nullable(Type.String({ description: "The company's home currency" })),
  reason: Nullable(Type.String({ description: 'Why it is not connected, in words for the merchant (Intuit’s, when a refresh failed)' })),
  connectedAt: Nullable(Type.String({ format: 'date-time' })),
  refreshedAt: Nullable(Type.String({ format: 'date-time', description: 'When the tokens were last renewed' })),
  environment: Type.Union([Type.Literal('production'), Type.Literal('sandbox')]),
  appConfigured: Type.Boolean({ description: 'Whether clientId and clientSecret are set (connecting needs them)' }),
});

/** The connection as the office shows it; tokens are never answered. */
export async function connectionView(tx: TenantTransaction, settings: QuickBooksSettings) {
  const row = await readConnection(tx);
  return {
    status: row?.status ?? ('disconnected' as const),
    realmId: row?.realmId ?? null,
    companyName: row?.companyName ?? null,
    currency: row?.currency ?? null,
    reason: row?.reason ?? null,
    connectedAt: row?.connectedAt ?? null,
    refreshedAt: row?.refreshedAt ?? null,
    environment: settings.environment ?? ('production' as const),
    appConfigured: Boolean(settings.clientId && settings.clientSecret),
  };
}

export function registerConnectionRoutes(routes: RouteRegistrar<QuickBooksSettings>): void {
  routes.get('/connection', {
    permission: 'quickbooks:view',
    schema: { summary: 'The QuickBooks Online company connection', tags: ['quickbooks'], response: { 200: Connection } },
    handler: async ({ tx, settings }) => connectionView(tx, settings),
  });

  routes.post('/connection/oauth/start', {
    permission: 'quickbooks:manage',
    schema: {
      summary: "Starts connecting a QuickBooks company: answers Intuit's consent URL to send the merchant to",
      tags: ['quickbooks'],
      body: Type.Object({ redirectUri: RedirectUri }, { additionalProperties: false }),
      response: { 200: Type.Object({ authorizeUrl: Type.String() }) },
    },
    handler: async ({ tx, settings, body, actor }) => startOAuth(tx, settings, { redirectUri: body.redirectUri, userId: actor.id }),
  });

  routes.post('/connection/oauth/complete', {
    permission: 'quickbooks:manage',
    schema: {
      summary:
        "Finishes connecting with Intuit's redirect (code, state, realmId): the state spent, the code exchanged, the tokens sealed and stored",
      tags: ['quickbooks'],
      body: Type.Object(
        {
          code: Type.String({ minLength: 1, maxLength: 1000, description: 'The authorization code of the redirect' }),
          state: Type.String({ minLength: 16, maxLength: 200, description: 'The state of the redirect, as KiTS issued it' }),
          realmId: Type.String({ pattern: '^[0-9]{1,32}$', description: 'The company the merchant chose (realmId of the redirect)' }),
        },
        { additionalProperties: false },
      ),
      response: { 200: Connection },
    },
    handler: async ({ tx, settings, body, actor }) => {
      const { redirectUri } = await spendState(tx, body.state, actor.id);
      const tokens = await tokensForCode(settings, body.code, redirectUri);
      const company = await companyFacts(settings, body.realmId, tokens.accessToken);
      await saveConnection(tx, { realmId: body.realmId, ...company, tokens });
      await tx.audit('quickbooks.connected', { realmId: body.realmId, companyName: company.companyName });
      return connectionView(tx, settings);
    },
  });

  routes.delete('/connection', {
    permission: 'quickbooks:manage',
    schema: {
      summary: 'Disconnects the company: the tokens are forgotten, exports pause until a company is connected again',
      tags: ['quickbooks'],
      response: { 200: Connection },
    },
    handler: async ({ tx, settings }) => {
      const row = await readConnection(tx);
      if (!row || row.status !== 'connected') throw conflict('quickbooks.not_connected', 'No QuickBooks company is connected.');
      await loseConnection(tx, 'disconnected', 'Disconnected in KiTS.');
      await tx.audit('quickbooks.disconnected', { realmId: row.realmId });
      return connectionView(tx, settings);
    },
  });
}
