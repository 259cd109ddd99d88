import {
  conflict,
  isDomainError,
  paymentsV2FromV1,
  type PaymentsServiceV2,
  type ServiceLocator,
  type TenantTransaction,
  type V1PaymentRecord,
  type V1PaymentRecords,
} from '@kits/plugin-sdk';

export type PaymentCapability = 'payments@2' | 'payments@1';

/** The tenant's card provider: payments@2 when an enabled plugin provides it, else a payments@1 one through the adapter. */
export interface CardProvider {
  readonly capability: PaymentCapability;
  readonly service: PaymentsServiceV2;
}

const missing = (error: unknown) => isDomainError(error) && error.code === 'plugins.capability_missing';

function use(services: ServiceLocator, tx: TenantTransaction, capability: PaymentCapability): CardProvider | undefined {
  try {
    const service =
      capability === 'payments@2'
        ? services.use('payments@2')
        : paymentsV2FromV1(services.use('payments@1'), { records: v1PaymentRecords(tx) });
    return { capability, service };
  } catch (error) {
    if (missing(error)) return undefined;
    throw error;
  }
}

/** payments@2 first, payments@1 through `paymentsV2FromV1` else; undefined when no payment plugin is enabled. */
export function cardProvider(services: ServiceLocator, tx: TenantTransaction, capability?: PaymentCapability): CardProvider | undefined {
  if (capability) return use(services, tx, capability);
  return use(services, tx, 'payments@2') ?? use(services, tx, 'payments@1');
}

export function requireCardProvider(services: ServiceLocator, tx: TenantTransaction, capability?: PaymentCapability): CardProvider {
  const provider = cardProvider(services, tx, capability);
  if (!provider)
    throw conflict(
      'sales.no_payment_provider',
      'No payment plugin is enabled to take card or other tenders; take cash, or enable a payment plugin in the marketplace.',
    );
  return provider;
}

/**
 * Where the payments@1 adapter keeps what it knows of each payment: core-sales' own table, in the
 * caller's transaction, so a capture or refund after a restart finds the charge.
 */
export function v1PaymentRecords(tx: TenantTransaction): V1PaymentRecords {
  return {
    async load(paymentId) {
      const [row] = await tx.query<{ record: V1PaymentRecord }>('select record from sales.v1_payment_records where payment_id = $1', [
        paymentId,
      ]);
      return row?.record;
    },
    async save(record) {
      await tx.query(
        `insert into sales.v1_payment_records (tenant_id, payment_id, record) values ($1, $2, $3)
         on conflict (tenant_id, payment_id) do update set record = excluded.record`,
        [tx.tenantId, record.payment.id, JSON.stringify(record)],
      );
    },
    async exclusive(paymentId, work) {
      // Held to the end of the transaction: no other call touches this payment meanwhile.
      await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`sales.v1-payment:${paymentId}`]);
      return work();
    },
  };
}
