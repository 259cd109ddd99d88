import type { ComponentChildren } from 'preact';

/**
 * A till roll on screen: narrow, monospaced, on paper-white whatever the theme, as the customer
 * holds it (a sale's receipt in the office, a receipt template's preview). `label` names it ("Receipt 42").
 */
export function ReceiptPaper({ label, children }: { label: string; children?: ComponentChildren }) {
  return (
    <div class="k-paper" role="document" aria-label={label}>
      {children}
    </div>
  );
}

/** A receipt line: its text on the left, its amount on the right (bold for the total). */
export function ReceiptLine({ label, amount, strong }: { label: ComponentChildren; amount?: ComponentChildren; strong?: boolean }) {
  return (
    <div class={`k-paper__line${strong ? ' k-paper__line--strong' : ''}`}>
      <span>{label}</span>
      <span>{amount}</span>
    </div>
  );
}

/** The dashed rule between a receipt's parts. */
export function ReceiptRule() {
  return <hr class="k-paper__rule" />;
}

/** A centred line of the receipt's head (the shop's name with `title`, its address, its tax id). */
export function ReceiptHead({ children, title }: { children?: ComponentChildren; title?: boolean }) {
  return <p class={`k-paper__head${title ? ' k-paper__head--title' : ''}`}>{children}</p>;
}

/** A quieter, indented note under a line ("2.50 each · 20 %"). */
export function ReceiptNote({ children }: { children?: ComponentChildren }) {
  return <div class="k-paper__note">{children}</div>;
}
