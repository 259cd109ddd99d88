import { conflict, Nullable, Type, type RouteRegistrar, type TenantTransaction } from '@kits/plugin-sdk';
import type { XeroSettings } from '../settings.ts';
import { disconnect, readConnection } from './connection-store.ts';
import { completeOAuth, startOAuth } from './oauth.ts';

/** The office page Xero sends the merchant back to (the OAuth redirect URI the app must list). */
export const CONNECT_PATH = '/office/xero/connect';

const Connection = Type.Object({
  status: Type.Union([
    Type.Literal('not_connected'),
    Type.Literal('connected'),
    Type.Literal('reconnect_required'),
    Type.Literal('disconnected'),
  ]),
  organisationName: Nullable(Type.String()),
  currency: Nullable(Type.String()),
  reason: Nullable(Type.String({ description: 'Why KiTS cannot post (Xero’s words where it gave some)' })),
  connectedAt: Nullable(Type.String({ format: 'date-time' })),
  postingStyle: Type.Union([Type.Literal('manual_journal'), Type.Literal('invoices')]),
  appConfigured: Type.Boolean({ description: 'Whether clientId and clientSecret are set (connecting needs them)' }),
  connectPath: Type.String({
    description: 'The office path Xero sends the merchant back to: add <office origin> + it to the app’s redirect URIs',
  }),
});

/** The connection as the office shows it; tokens are never answered. */
async function connectionView(tx: TenantTransaction, settings: XeroSettings) {
  const row = await readConnection(tx);
  return {
    status: row?.status ?? ('not_connected' as const),
    organisationName: row?.organisationName ?? null,
    currency: row?.baseCurrency ?? null,
    reason: row?.reason ?? null,
    connectedAt: row?.connectedAt ?? null,
    postingStyle: settings.postingStyle ?? ('manual_journal' as const),
    appConfigured: Boolean(settings.clientId && settings.clientSecret),
    connectPath: CONNECT_PATH,
  };
}

export function registerConnectionRoutes(routes: RouteRegistrar<XeroSettings>): void {
  routes.get('/connection', {
    permission: 'xero:view',
    schema: { summary: 'The Xero organisation KiTS posts to, and whether it can', tags: ['xero'], response: { 200: Connection } },
    handler: async ({ tx, settings }) => connectionView(tx, settings),
  });

  routes.post('/connection/oauth/start', {
    permission: 'xero:manage',
    schema: {
      summary: 'Starts connecting an organisation: answers Xero’s consent URL to send the merchant to',
      tags: ['xero'],
      body: Type.Object(
        {
          redirectUri: Type.String({
            pattern: '^https?://[^\\s/?#]+/[^\\s?#]*$',
            maxLength: 500,
            description: 'Where Xero sends the merchant back (the office page /office/xero/connect); one of the app’s redirect URIs',
          }),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ authorizeUrl: Type.String() }) },
    },
    handler: async ({ tx, settings, body, actor }) => startOAuth(tx, settings, { redirectUri: body.redirectUri, userId: actor.id }),
  });

  routes.post('/connection/oauth/complete', {
    permission: 'xero:manage',
    schema: {
      summary: 'Finishes connecting with the code and state of Xero’s redirect: tokens exchanged and stored sealed',
      tags: ['xero'],
      body: Type.Object(
        {
          code: Type.String({ minLength: 1, maxLength: 2000, pattern: '^[\\x21-\\x7e]+$', description: 'The `code` of Xero’s redirect' }),
          state: Type.String({ minLength: 16, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$', description: 'The `state` of Xero’s redirect' }),
        },
        { additionalProperties: false },
      ),
      response: { 200: Connection },
    },
    handler: async ({ tx, settings, body, actor }) => {
      await completeOAuth(tx, settings, { code: body.code, state: body.state, userId: actor.id });
      return connectionView(tx, settings);
    },
  });

  routes.delete('/connection', {
    permission: 'xero:manage',
    schema: { summary: 'Disconnects Xero: the tokens are forgotten, exports pause', tags: ['xero'], response: { 200: Connection } },
    handler: async ({ tx, settings }) => {
      const row = await readConnection(tx);
      if (!row || row.status === 'disconnected') throw conflict('xero.not_connected', 'No Xero organisation is connected.');
      await disconnect(tx, 'Disconnected in KiTS.');
      await tx.audit('xero.disconnected', { xeroTenantId: row.xeroTenantId, organisation: row.organisationName });
      return connectionView(tx, settings);
    },
  });
}
