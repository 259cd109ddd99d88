import type { ComponentChildren } from 'preact';

/**
 * Something the reader should know that is not a failed request (ProblemNotice is for that): what the
 * platform did on its own, a condition to act on. `warning` asks for action; `info` only tells.
 */
export function Notice({ tone = 'info', title, children }: { tone?: 'info' | 'warning'; title: string; children?: ComponentChildren }) {
  return (
    <div class={`k-notice k-notice--${tone}`} role={tone === 'warning' ? 'alert' : 'status'}>
      <p class="k-notice__title">{title}</p>
      {children && <div class="k-notice__body">{children}</div>}
    </div>
  );
}
