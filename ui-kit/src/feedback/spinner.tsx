/** Work under way; the label is what a screen reader hears and what shows beside the spinner. */
export function Spinner({ label = 'Loading…' }: { label?: string }) {
  return (
    <span class="k-spinner" role="status">
      {label}
    </span>
  );
}
