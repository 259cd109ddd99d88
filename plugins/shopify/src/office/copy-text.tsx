import { CopyButton } from '@kits/ui-kit';

/** A value the merchant pastes into Shopify (a URL): boxed, monospaced, broken anywhere, with a Copy button. */
export function CopyText({ value, label, testId }: { value: string; label: string; testId?: string }) {
  return (
    <div class="k-secret-once">
      <code data-testid={testId} aria-label={label}>
        {value}
      </code>
      <CopyButton value={value} aria-label={`Copy ${label.toLowerCase()}`} />
    </div>
  );
}
