import { useState } from 'preact/hooks';
import { Button, type ButtonSize } from './button.tsx';

/**
 * Copies `value` to the clipboard and then says "Copied". A browser that refuses (no clipboard
 * permission) leaves it saying "Copy"; `onResult` tells the page, which may show the value to
 * select by hand instead.
 */
export function CopyButton({
  value,
  size = 'sm',
  'aria-label': ariaLabel,
  onResult,
}: {
  value: string;
  size?: ButtonSize;
  'aria-label'?: string;
  onResult?: (copied: boolean) => void;
}) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    const done = (ok: boolean) => {
      setCopied(ok);
      onResult?.(ok);
    };
    if (!navigator.clipboard) return done(false);
    void navigator.clipboard.writeText(value).then(
      () => done(true),
      () => done(false),
    );
  };
  return (
    <Button size={size} onClick={copy} {...(ariaLabel ? { 'aria-label': ariaLabel } : {})}>
      {copied ? 'Copied' : 'Copy'}
    </Button>
  );
}
