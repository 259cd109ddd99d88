import type { ComponentChildren } from 'preact';

/** The row of filters and searches above a list. */
export function Toolbar({ children, label }: { children?: ComponentChildren; label?: string }) {
  return (
    <div class="k-toolbar" role="toolbar" aria-label={label ?? 'Filters'}>
      {children}
    </div>
  );
}
