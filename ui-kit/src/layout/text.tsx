import type { ComponentChildren } from 'preact';

/** Quieter text beside the main thing: a hint under a card's figure, "No orders yet", a SKU. */
export function Muted({
  children,
  as = 'p',
  small,
  role,
}: {
  children?: ComponentChildren;
  as?: 'p' | 'span';
  small?: boolean;
  role?: 'status' | 'alert';
}) {
  const Tag = as;
  return (
    <Tag class={`k-text k-muted${small ? ' k-text--small' : ''}`} role={role}>
      {children}
    </Tag>
  );
}

/** A paragraph of plain text with no margins of its own (the Stack around it spaces it). */
export function Text({ children, role, strong }: { children?: ComponentChildren; role?: 'status' | 'alert'; strong?: boolean }) {
  return (
    <p class={`k-text${strong ? ' k-text--strong' : ''}`} role={role}>
      {children}
    </p>
  );
}

/** The paragraph under a page's header that says what the page is for, at reading width. */
export function Lead({ children }: { children?: ComponentChildren }) {
  return <p class="k-lead">{children}</p>;
}

/** Two lines in one cell: a name over its detail (a person over their e-mail), each cut with an ellipsis. */
export function TwoLine({ primary, secondary }: { primary: ComponentChildren; secondary?: ComponentChildren }) {
  return (
    <span class="k-two-line">
      <span>{primary}</span>
      {secondary ? <span class="k-muted k-text--small">{secondary}</span> : null}
    </span>
  );
}
