import { fileURLToPath } from 'node:url';
import {
  AccountingNotConnectedError,
  AccountingRateLimitedError,
  AccountingRejectedError,
  type AccountingService,
  type ProviderJournal,
} from '../accounting-capability.ts';

/**
 * A fixture plugin (`accounting-caller`) that uses accounting@1 as the accounting plugin does: the
 * provider resolved per request, running in the route's transaction, a failure answered rather
 * than thrown so the transaction commits what the provider wrote on the way (a rotated refresh
 * token, `reconnect_required`). Load it beside the provider under test in a test kernel.
 */
export const ACCOUNTING_CALLER_PLUGIN = fileURLToPath(new URL('../../test-kit-fixtures/accounting-caller', import.meta.url));

/** What `remoteAccounting` needs of a test kernel (the kernel's `TestKernel` has it). */
export interface AccountingCallerHost {
  request<T>(method: string, url: string, options?: { body?: unknown }): Promise<{ status: number; body: T }>;
}

type Answer<T> = { value: T; error?: undefined } | { error: Record<string, unknown> & { name: string; message: string } };

/**
 * accounting@1 as the provider under test answers it through the kernel — over the fixture's
 * routes, in the provider's own transactions — with its failures rebuilt as the accounting@1
 * errors it threw: what the contract kit (`accountingContract`) runs against.
 */
export function remoteAccounting(host: AccountingCallerHost, system: AccountingService['system']): AccountingService {
  const call = async <T>(url: string, body: unknown = {}): Promise<T> => {
    const response = await host.request<Answer<T>>('POST', `/api/v1/accounting-caller${url}`, { body });
    if (response.status !== 200) throw new Error(`accounting-caller ${url}: ${response.status} ${JSON.stringify(response.body)}`);
    const answer = response.body;
    if (answer.error === undefined) return answer.value;
    const error = answer.error;
    if (error.name === 'AccountingRateLimitedError')
      throw new AccountingRateLimitedError(error.retryAfterSeconds as number, error.limit as string, error.message);
    if (error.name === 'AccountingRejectedError')
      throw new AccountingRejectedError(error.providerMessage as string, (error.providerCode as string | null | undefined) ?? null);
    if (error.name === 'AccountingNotConnectedError') throw new AccountingNotConnectedError(error.reason as string);
    throw Object.assign(new Error(error.message), { name: error.name });
  };
  return {
    system,
    connection: () => call('/connection'),
    accounts: () => call('/accounts'),
    taxRates: () => call('/tax-rates'),
    postJournal: (journal: ProviderJournal, idempotencyKey: string) => call('/post', { journal, idempotencyKey }),
    findJournal: (idempotencyKey: string, journal: ProviderJournal) => call('/find', { idempotencyKey, journal }),
  };
}
