/** sales@1 — what the sales plugin offers others (accounting, e-commerce, loyalty). */
export interface SaleSummary {
  readonly id: string;
  readonly receiptNumber: string;
  readonly status: 'completed' | 'parked' | 'voided';
  readonly currency: string;
  readonly total: number;
  readonly paid: number;
  readonly refunded: number;
  readonly locationId: string;
  readonly deviceId: string;
  readonly customerId: string | null;
  readonly completedAt: string | null;
}

export interface SalesService {
  /** A sale by id, or undefined. */
  sale(saleId: string): Promise<SaleSummary | undefined>;
}

declare module './capabilities.ts' {
  interface CapabilityMap {
    'sales@1': SalesService;
  }
}
