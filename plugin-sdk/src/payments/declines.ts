import type { DeclineReason, PaymentDecline } from './payment.ts';

/** What the till tells the cashier for each reason, so every provider's decline reads the same. */
export const DECLINE_MESSAGES: Readonly<Record<DeclineReason, string>> = {
  declined: 'The card was declined — ask for another card or another way to pay.',
  insufficient_funds: 'Insufficient funds — ask for another card or another way to pay.',
  expired_card: 'The card has expired — ask for another card.',
  reader_offline: 'The card reader is offline — check its power and network, or take another tender.',
  reader_busy: 'The card reader is busy with another payment — wait for it or cancel that payment on the reader.',
  canceled: 'The payment was canceled on the reader — start it again or take another tender.',
  processing_error: 'The payment could not be processed — try again, or take another tender.',
};

/** A decline with the standard message for its reason. */
export function declineOf(reason: DeclineReason): PaymentDecline {
  return { reason, message: DECLINE_MESSAGES[reason] };
}

/**
 * Reads a free-text reason (payments@1's `declined.reason`, a provider's decline code) as one of
 * the closed set; anything unrecognised is a plain `declined`.
 */
export function declineReasonFromText(text: string): DeclineReason {
  const words = text.toLowerCase();
  if (/insufficient|funds/.test(words)) return 'insufficient_funds';
  if (/expired/.test(words)) return 'expired_card';
  if (/offline|unreachable/.test(words)) return 'reader_offline';
  if (/busy|in use/.test(words)) return 'reader_busy';
  if (/cancel/.test(words)) return 'canceled';
  if (/processing|error|timeout/.test(words)) return 'processing_error';
  return 'declined';
}
