import { Button, Dialog, Field, Muted, Stack, TextInput } from '@kits/ui-kit';
import { useState } from 'preact/hooks';

/** The signing secret, shown once (after creation or a rotation), with a button that copies it. */
export function SecretDialog({ secret, rotated, onClose }: { secret: string; rotated: boolean; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(secret);
    setCopied(true);
  };
  return (
    <Dialog
      open
      title="Signing secret"
      onClose={onClose}
      footer={
        <>
          <Button onClick={() => void copy()}>{copied ? 'Copied' : 'Copy secret'}</Button>
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        </>
      }
    >
      <Stack>
        <Muted>
          Copy it now into the receiving system: KiTS shows it only this once.
          {rotated ? ' The previous secret keeps signing beside it for 24 hours, so the receiver can switch over.' : ''}
        </Muted>
        <Field label="Secret" name="secret">
          <TextInput name="secret" value={secret} onValue={() => undefined} />
        </Field>
      </Stack>
    </Dialog>
  );
}
