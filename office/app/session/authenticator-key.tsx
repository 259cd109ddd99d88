import { CopyButton, Field, TextInput } from '@kits/ui-kit';
import { useId, useState } from 'preact/hooks';
import type { AuthenticatorSetup } from './office-auth.ts';

/** A setup key as people type it into an app: blocks of four (`JBSW Y3DP EHPK 3PXP`). */
export const setupKeyText = (secret: string): string =>
  (
    secret
      .replace(/\s+/g, '')
      .toUpperCase()
      .match(/.{1,4}/g) ?? []
  ).join(' ');

/**
 * A new authenticator, as the sign-in's enrolment and the account page show it: the setup key to
 * type into an authenticator app (selectable, with a copy button) and the `otpauth://` link that
 * opens the app on this device.
 */
export function AuthenticatorKey({ setup }: { setup: AuthenticatorSetup }) {
  const label = useId();
  const [copied, setCopied] = useState<boolean>();
  return (
    <div class="k-stack k-gap-2">
      <p class="k-text k-muted k-text--small">
        In your authenticator app (Microsoft or Google Authenticator, 1Password…) add an account and type this setup key, or open the link
        on this device.
      </p>
      <span class="k-field__label" id={label}>
        Setup key
      </span>
      <div class="k-secret-once">
        <code class="office-setup-key" aria-labelledby={label} data-testid="setup-key">
          {setupKeyText(setup.secret)}
        </code>
        <CopyButton value={setup.secret.replace(/\s+/g, '')} onResult={setCopied} />
      </div>
      {copied === false && (
        <p class="k-text k-muted k-text--small" role="status">
          This browser did not let the page copy: select the key and copy it.
        </p>
      )}
      <a href={setup.otpauthUri}>Open in authenticator app</a>
    </div>
  );
}

/** The digits of a code as typed or pasted (`123 456`). */
export const codeDigits = (typed: string): string => typed.replace(/\D/g, '');

/** The authenticator app's 6-digit code: a numeric keyboard, `one-time-code` so the browser or a password manager may fill it. */
export function AuthenticationCodeField({
  value,
  onValue,
  problem,
  autoFocus = true,
}: {
  value: string;
  onValue: (value: string) => void;
  problem?: string | undefined;
  autoFocus?: boolean;
}) {
  return (
    <Field label="Authentication code" name="code" hint="The 6 digits your authenticator app shows now" problem={problem}>
      <TextInput
        name="code"
        value={value}
        onValue={onValue}
        inputMode="numeric"
        autocomplete="one-time-code"
        pattern="[0-9]{6}"
        autoFocus={autoFocus}
      />
    </Field>
  );
}
