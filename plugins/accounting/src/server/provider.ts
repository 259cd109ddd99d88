import {
  AccountingNotConnectedError,
  AccountingRateLimitedError,
  AccountingRejectedError,
  conflict,
  isDomainError,
  type AccountingService,
  type SalesService,
  type ServiceLocator,
} from '@kits/plugin-sdk';

const missing = (error: unknown) => isDomainError(error) && error.code === 'plugins.capability_missing';

/** The tenant's accounting system (`accounting@1`), or undefined when no plugin providing it is enabled. */
export function accountingProvider(services: ServiceLocator): AccountingService | undefined {
  try {
    return services.use('accounting@1');
  } catch (error) {
    if (missing(error)) return undefined;
    throw error;
  }
}

/** sales@1 when core-sales (or another sales plugin) is enabled; days then wait for the shifts open at their end. */
export function salesProvider(services: ServiceLocator): SalesService | undefined {
  try {
    return services.use('sales@1');
  } catch (error) {
    if (missing(error)) return undefined;
    throw error;
  }
}

export const NO_PROVIDER_REASON =
  'No accounting system is enabled: enable QuickBooks Online or Xero in the marketplace and connect it; exports wait until then.';

/** The provider, connected, for routes that read its accounts: 409 `accounting.not_connected` otherwise. */
export async function connectedProvider(services: ServiceLocator): Promise<AccountingService> {
  const provider = accountingProvider(services);
  if (!provider) throw conflict('accounting.not_connected', NO_PROVIDER_REASON);
  const connection = await provider.connection();
  if (connection.status !== 'connected')
    throw conflict(
      'accounting.not_connected',
      `${provider.system.name} is not connected${connection.reason ? `: ${connection.reason}` : ''}. Connect it from its page under Accounting.`,
      { system: provider.system.id, status: connection.status },
    );
  return provider;
}

// A provider plugin may be built against another copy of the SDK: its errors are known by name too.
const isError = <T extends Error>(error: unknown, type: abstract new (...args: never[]) => T, name: string): error is T =>
  error instanceof type || (error instanceof Error && error.name === name);

export const isRateLimited = (error: unknown): error is AccountingRateLimitedError =>
  isError(error, AccountingRateLimitedError, 'AccountingRateLimitedError');
export const isRejected = (error: unknown): error is AccountingRejectedError =>
  isError(error, AccountingRejectedError, 'AccountingRejectedError');
export const isNotConnected = (error: unknown): error is AccountingNotConnectedError =>
  isError(error, AccountingNotConnectedError, 'AccountingNotConnectedError');
