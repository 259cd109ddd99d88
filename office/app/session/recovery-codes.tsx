import { Button, CopyButton } from '@kits/ui-kit';
import { useState } from 'preact/hooks';

/** The codes as the downloaded file holds them: what they are, then one a line. */
export const recoveryCodesFile = (codes: readonly string[], who: string): string =>
  [
    `KiTS Back Office recovery codes for ${who}`,
    'Each code signs you in once when you cannot use your authenticator app.',
    '',
    ...codes,
    '',
  ].join('\n');

/**
 * The recovery codes a new second factor comes with, shown once (the kernel keeps only their
 * hashes): the list, Copy, Download as a .txt, and the button that says they are kept. Used by the
 * sign-in's enrolment and by the account page.
 */
export function RecoveryCodes({
  codes,
  who,
  doneLabel,
  onDone,
}: {
  codes: readonly string[];
  /** Whose codes they are (an e-mail), written at the top of the downloaded file. */
  who: string;
  doneLabel: string;
  onDone: () => void;
}) {
  const [copied, setCopied] = useState<boolean>();
  const text = recoveryCodesFile(codes, who);
  const download = () => {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    link.download = 'kits-recovery-codes.txt';
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  };
  return (
    <div class="k-stack k-gap-3">
      <p class="k-text">
        Each code signs you in once if you lose your phone. Keep them where you keep passwords: they are not shown again.
      </p>
      <ul class="k-chips" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div class="k-row k-row--align-center k-gap-2">
        <CopyButton value={text} size="md" onResult={setCopied} />
        <Button onClick={download}>Download</Button>
      </div>
      {copied === false && (
        <p class="k-text k-muted k-text--small" role="status">
          This browser did not let the page copy: download them, or select them and copy.
        </p>
      )}
      <Button variant="primary" onClick={onDone}>
        {doneLabel}
      </Button>
    </div>
  );
}
