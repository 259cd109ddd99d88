import type { ComponentChildren } from 'preact';

/** One number on a dashboard: what it is, the number, and a line of context ("+12% on last week"). */
export function Stat({ label, value, detail }: { label: ComponentChildren; value: ComponentChildren; detail?: ComponentChildren }) {
  return (
    <div class="k-stat" role="group" aria-label={typeof label === 'string' ? label : undefined}>
      <span class="k-stat__label">{label}</span>
      <span class="k-stat__value">{value}</span>
      {detail && <span class="k-stat__detail">{detail}</span>}
    </div>
  );
}
