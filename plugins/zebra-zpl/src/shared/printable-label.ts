/** A label `POST /labels` made: one ZPL format printing `quantity` copies (`^PQ`). */
export interface PrintableLabel {
  readonly variantId: string;
  readonly locationId: string | null;
  readonly quantity: number;
  readonly productName: string;
  readonly code: string;
  readonly price: { readonly amount: number; readonly currency: string } | null;
  /** One ZPL format printing `quantity` labels (`^PQ`). */
  readonly zpl: string;
}

/** A variant that gets no label, and why; the rest of the batch still prints. */
export interface RefusedLabel {
  readonly variantId: string;
  readonly code: 'zebra.code_not_printable' | 'zebra.unknown_variant';
  readonly reason: string;
}
