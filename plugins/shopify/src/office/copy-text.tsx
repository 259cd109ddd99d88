import { Button } from '@kits/ui-kit';
import { useState } from 'preact/hooks';

/** A value the merchant pastes into Shopify (a URL): boxed, monospaced, broken anywhere, with a Copy button. */
export function CopyText({ value, label, testId }: { value: string; label: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="k-secret-once">
      <code data-testid={testId} aria-label={label}>
        {value}
      </code>
      <Button
        size="sm"
        aria-label={`Copy ${label.toLowerCase()}`}
        onClick={() =>
          void navigator.clipboard?.writeText(value).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? 'Copied' : 'Copy'}
      </Button>
    </div>
  );
}
