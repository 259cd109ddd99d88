import type { ComponentChildren } from 'preact';

/** A record's facts as label–value pairs ("SKU", "TS-01"). */
export function DescriptionList({ items }: { items: readonly (readonly [ComponentChildren, ComponentChildren])[] }) {
  return (
    <dl class="k-description-list">
      {items.map(([label, value], index) => (
        <div key={index} style={{ display: 'contents' }}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
