import type { ComponentChildren } from 'preact';

/** What a list shows when there is nothing in it yet, and the way to add the first thing. */
export function EmptyState({
  title,
  children,
  action,
}: {
  title: ComponentChildren;
  children?: ComponentChildren;
  action?: ComponentChildren;
}) {
  return (
    <div class="k-empty-state">
      <p class="k-empty-state__title">{title}</p>
      {children && <div class="k-empty-state__body">{children}</div>}
      {action}
    </div>
  );
}
