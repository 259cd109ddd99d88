/** Purchase order numbers: `PO-` and at least six digits, per tenant, in order. */
export const formatOrderNumber = (sequence: number): string => `PO-${String(sequence).padStart(6, '0')}`;

/** What a scanned or typed order number looks like (any case, as a scanner may send it). */
export const ORDER_NUMBER = /^PO-\d{6,}$/i;
