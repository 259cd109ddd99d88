// How a card tender reads on every receipt — the till's screen, its printer, the office's preview.
// No imports: the till's and the office's bundles take it as it is.

/** The card a tender was paid with, as a receipt prints it under the tender (never the full number). */
export interface TillReceiptCard {
  /** The network as the provider names it (`visa`, `mastercard`, `amex`…). */
  readonly brand: string;
  readonly last4: string;
  /** The issuer's approval code, when the provider has it. */
  readonly authorizationCode?: string;
}

const CARD_BRANDS: Readonly<Record<string, string>> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  american_express: 'American Express',
  discover: 'Discover',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
  interac: 'Interac',
  eftpos_au: 'eftpos',
  maestro: 'Maestro',
};

/**
 * What a receipt prints under a card tender, in two parts a narrow paper may put on two lines:
 * `['Visa •••• 4242', 'Auth 123456']` (no authorization code: the first part alone). A brand the
 * list does not know prints as the provider spells it, capitalised (`cartes_bancaires`: `Cartes bancaires`).
 */
export function receiptCardParts(card: TillReceiptCard): readonly string[] {
  const spelled = card.brand.replace(/_/g, ' ');
  const brand = CARD_BRANDS[card.brand.toLowerCase()] ?? spelled.charAt(0).toUpperCase() + spelled.slice(1);
  const number = `${brand} •••• ${card.last4}`;
  return card.authorizationCode ? [number, `Auth ${card.authorizationCode}`] : [number];
}

/** The card line of a receipt on one line: `Visa •••• 4242  Auth 123456`. */
export const receiptCardLine = (card: TillReceiptCard): string => receiptCardParts(card).join('  ');
