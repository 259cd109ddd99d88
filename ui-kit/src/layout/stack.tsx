import type { ComponentChildren } from 'preact';

/** The kit's spacing steps (`--k-space-<n>`). */
export type Space = 1 | 2 | 3 | 4 | 5 | 6;

/** Things one under the other, `space` apart (a list when `as="ul"`). */
export function Stack({
  children,
  label,
  as = 'div',
  space = 3,
}: {
  children?: ComponentChildren;
  label?: string;
  as?: 'div' | 'ul';
  space?: Space;
}) {
  const Tag = as;
  return (
    <Tag class={`k-stack k-gap-${space}`} aria-label={label}>
      {children}
    </Tag>
  );
}

/** Things side by side, wrapping when the row is full. */
export function Row({
  children,
  align = 'center',
  justify = 'start',
  space = 2,
}: {
  children?: ComponentChildren;
  align?: 'start' | 'center' | 'end' | 'baseline';
  justify?: 'start' | 'center' | 'end' | 'between';
  space?: Space;
}) {
  return <div class={`k-row k-row--align-${align} k-row--justify-${justify} k-gap-${space}`}>{children}</div>;
}

/** Fields or cards in as many columns as fit, each at least `min` wide (`narrow` 180px, `medium` 240px, `wide` 320px). */
export function Columns({ children, min = 'medium' }: { children?: ComponentChildren; min?: 'narrow' | 'medium' | 'wide' }) {
  return <div class={`k-columns k-columns--${min}`}>{children}</div>;
}

/** A problem that names no field, shown above the form it belongs to (nothing when there is none). */
export function FormProblem({ children }: { children?: ComponentChildren }) {
  return children ? (
    <p class="k-form__problems" role="alert">
      {children}
    </p>
  ) : null;
}

/** A small heading inside a card or a form's section ("Barcodes", "Prices"). */
export function Subheading({ children }: { children?: ComponentChildren }) {
  return <h3 class="k-subheading">{children}</h3>;
}
