import type { ComponentChildren } from 'preact';

export type Tone = 'neutral' | 'success' | 'warning' | 'danger' | 'info';

/** A short status word on a record ("Active", "Low stock"). */
export function Badge({ tone = 'neutral', children }: { tone?: Tone; children?: ComponentChildren }) {
  return <span class={`k-badge k-badge--${tone}`}>{children}</span>;
}
