/** What stripe-pay's API answers, as the office reads it (see src/server/readers.ts). */
export const API = '/api/v1/stripe-pay';

export interface CardReader {
  readonly id: string;
  readonly label: string;
  readonly locationId: string;
  readonly locationName: string;
  readonly deviceId: string | null;
  readonly deviceType: string;
  readonly serialNumber: string;
  /** The software the reader last reported to Stripe (2.30.0.0); null until stripe-pay has seen it. */
  readonly softwareVersion: string | null;
}

export interface ReaderList {
  readonly items: readonly CardReader[];
  readonly locations: readonly { readonly locationId: string; readonly stripeLocationId: string }[];
  readonly webhookPath: string;
}

export interface Till {
  readonly id: string;
  readonly name: string;
  readonly locationId: string;
  readonly revokedAt: string | null;
}
