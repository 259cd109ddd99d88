import {
  badRequest,
  LEDGER_ROLES,
  Nullable,
  Type,
  type AccountingService,
  type ServerPluginContext,
  type TenantTransaction,
} from '@kits/plugin-sdk';
import { ledgerLabel, suggestMapping } from '../journal-model.ts';
import { readMapping, saveMapping, tenantNeeds } from '../mapping/mapping-store.ts';
import { connectedProvider } from '../provider.ts';
import { MANAGE, VIEW } from './status-routes.ts';

const Role = Type.Union(LEDGER_ROLES.map((role) => Type.Literal(role)));
const ProviderId = Type.String({ minLength: 1, maxLength: 200 });

const MappingBody = Type.Object(
  {
    accounts: Type.Optional(
      Type.Array(
        Type.Object({ role: Role, key: Type.String({ maxLength: 200 }), accountId: ProviderId }, { additionalProperties: false }),
        { maxItems: 500 },
      ),
    ),
    taxCodes: Type.Optional(
      Type.Array(
        Type.Object(
          { taxCode: Type.String({ minLength: 1, maxLength: 200 }), taxRateId: Nullable(ProviderId) },
          { additionalProperties: false },
        ),
        { maxItems: 200 },
      ),
    ),
  },
  { additionalProperties: false },
);

/** The mapping page's data: what needs an account, the merchant's choices, the suggestions, the provider's lists. */
async function mappingView(tx: TenantTransaction, provider: AccountingService) {
  const [accounts, taxRates] = [await provider.accounts(), await provider.taxRates()];
  const { needed, taxCodes } = await tenantNeeds(tx);
  const mapping = await readMapping(tx);
  const suggested = suggestMapping(needed, accounts, taxRates);
  const chosen = new Map(mapping.accounts.map((a) => [`${a.role}\u0000${a.key}`, a.accountId]));
  const chosenRates = new Map(mapping.taxCodes.map((t) => [t.taxCode, t.taxRateId]));
  const suggestedAccount = new Map(suggested.accounts.map((a) => [`${a.role}\u0000${a.key}`, a.accountId]));
  const suggestedRate = new Map(suggested.taxCodes.map((t) => [t.taxCode, t.taxRateId]));
  return {
    needed: needed.map(({ role, key }) => ({
      role,
      key,
      label: ledgerLabel(role, key),
      accountId: chosen.get(`${role}\u0000${key}`) ?? null,
      suggestedAccountId: suggestedAccount.get(`${role}\u0000${key}`) ?? null,
    })),
    taxCodes: taxCodes.map((taxCode) => ({
      taxCode,
      taxRateId: chosenRates.get(taxCode) ?? null,
      suggestedTaxRateId: suggestedRate.get(taxCode) ?? null,
    })),
    accounts,
    taxRates,
  };
}

/** `GET /mapping` and `PUT /mapping`: accounts and tax rates of the connected company for each ledger line. */
export function registerMappingRoutes(context: ServerPluginContext): void {
  context.routes.get('/mapping', {
    permission: VIEW,
    schema: { summary: 'What each journal line posts to: the choices, the suggestions by name, and the connected company’s lists' },
    async handler({ tx, services }) {
      return mappingView(tx, await connectedProvider(services));
    },
  });

  context.routes.put('/mapping', {
    permission: MANAGE,
    schema: { summary: 'Chooses accounts and tax rates (a partial update: what is not named stays)', body: MappingBody },
    async handler({ tx, services, body }) {
      const provider = await connectedProvider(services);
      const accounts = body.accounts ?? [];
      const taxCodes = body.taxCodes ?? [];
      const known = new Set((await provider.accounts()).map((a) => a.id));
      const knownRates = new Set((await provider.taxRates()).map((r) => r.id));
      const unknownAccounts = [...new Set(accounts.map((a) => a.accountId).filter((id) => !known.has(id)))];
      const unknownRates = [...new Set(taxCodes.map((t) => t.taxRateId).filter((id): id is string => id !== null && !knownRates.has(id)))];
      if (unknownAccounts.length > 0 || unknownRates.length > 0)
        throw badRequest(
          'accounting.unknown_account',
          `${provider.system.name} has no ${[
            ...(unknownAccounts.length > 0 ? [`account ${unknownAccounts.join(', ')}`] : []),
            ...(unknownRates.length > 0 ? [`tax rate ${unknownRates.join(', ')}`] : []),
          ].join(' and no ')}: pick from the lists GET /mapping gives (an account may have been archived there).`,
          { unknownAccounts, unknownTaxRates: unknownRates },
        );
      const pairs = new Set<string>();
      for (const a of accounts) {
        const id = `${a.role}\u0000${a.key}`;
        if (pairs.has(id))
          throw badRequest('accounting.duplicate_mapping', `"${ledgerLabel(a.role, a.key)}" is given twice; give each line once.`, {
            role: a.role,
            key: a.key,
          });
        pairs.add(id);
      }
      if (new Set(taxCodes.map((t) => t.taxCode)).size !== taxCodes.length)
        throw badRequest('accounting.duplicate_mapping', 'A tax code is given twice; give each once.');
      await saveMapping(tx, accounts, taxCodes);
      await tx.audit('accounting.mapping.changed', { accounts, taxCodes });
      return mappingView(tx, provider);
    },
  });
}
