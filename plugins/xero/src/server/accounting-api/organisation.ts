import { DomainError } from '@kits/plugin-sdk';
import { XeroClient } from 'xero-node';
import { endpoints, type XeroSettings } from '../settings.ts';
import { authMessage, xeroFailureOf } from './errors.ts';

export interface OrganisationFacts {
  readonly name: string | null;
  readonly baseCurrency: string;
  readonly shortCode: string | null;
}

/** The organisation a new token reaches (`GET /Organisation`): its name, base currency and short code (for links into Xero). */
export async function readOrganisation(settings: XeroSettings, accessToken: string, xeroTenantId: string): Promise<OrganisationFacts> {
  const client = new XeroClient();
  client.accountingApi.basePath = endpoints(settings).apiBase;
  client.setTokenSet({ access_token: accessToken, token_type: 'Bearer' });
  try {
    const { body } = await client.accountingApi.getOrganisations(xeroTenantId);
    const organisation = body.organisations?.[0];
    const currency = organisation?.baseCurrency ? String(organisation.baseCurrency) : '';
    if (!/^[A-Z]{3}$/.test(currency)) throw new Error('Xero did not say the organisation’s base currency');
    return { name: organisation?.name ?? null, baseCurrency: currency, shortCode: organisation?.shortCode ?? null };
  } catch (error) {
    const failure = xeroFailureOf(error);
    const said = failure
      ? failure.status === 401 || failure.status === 403
        ? authMessage(failure)
        : `HTTP ${failure.status}`
      : (error as Error).message;
    throw new DomainError(
      'xero.unavailable',
      502,
      `KiTS could not read the organisation from Xero (${said}). Nothing was connected: try again.`,
    );
  }
}
