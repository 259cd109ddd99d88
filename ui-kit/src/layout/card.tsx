import type { ComponentChildren } from 'preact';

/** A panel of related content on a page, with an optional heading and actions. */
export function Card({
  title,
  actions,
  children,
  class: className,
}: {
  title?: ComponentChildren;
  actions?: ComponentChildren;
  children?: ComponentChildren;
  class?: string;
}) {
  return (
    <section class={`k-card${className ? ` ${className}` : ''}`}>
      {(title || actions) && (
        <header class="k-card__header">
          {title && <h2 class="k-card__title">{title}</h2>}
          {actions && <div class="k-card__actions">{actions}</div>}
        </header>
      )}
      <div class="k-card__body">{children}</div>
    </section>
  );
}
