import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Button, Card, Field, FormProblem, TextInput, useSubmit } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { PASSWORD } from './account-api.ts';

/** The kernel's shortest new password (docs/identity.md). */
const SHORTEST = 10;

/** What is wrong with the new password before it is sent: too short, or typed differently twice. */
function newPasswordProblems(newPassword: string, repeat: string): { newPassword?: string; repeat?: string } {
  if (newPassword.length < SHORTEST) return { newPassword: `Use at least ${SHORTEST} characters.` };
  if (repeat !== newPassword) return { repeat: 'This is not the new password you typed above.' };
  return {};
}

/** "Password": the current one, a new one twice; changing it ends every other session (the kernel does). */
export function PasswordCard({ context, onChanged }: { context: OfficePluginContext; onChanged: () => void }) {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [checked, setChecked] = useState<{ newPassword?: string; repeat?: string }>({});
  const [changed, setChanged] = useState(false);
  const change = useSubmit(() => context.api.post<null>(PASSWORD, { currentPassword, newPassword }).then(() => true));

  const submit = (event: Event) => {
    event.preventDefault();
    setChanged(false);
    const problems = newPasswordProblems(newPassword, repeat);
    setChecked(problems);
    if (problems.newPassword || problems.repeat) return;
    void change.submit().then((done) => {
      if (done === undefined) return;
      setCurrentPassword('');
      setNewPassword('');
      setRepeat('');
      setChanged(true);
      onChanged();
    });
  };

  return (
    <Card title="Password">
      <form class="k-stack k-gap-4" aria-label="Change your password" noValidate onSubmit={submit}>
        <FormProblem>{change.problems['']}</FormProblem>
        {changed && (
          <p class="k-text" role="status">
            Password changed; your other sessions were ended.
          </p>
        )}
        <Field label="Current password" name="currentPassword" problem={change.problems.currentPassword}>
          <TextInput
            name="currentPassword"
            type="password"
            value={currentPassword}
            onValue={setCurrentPassword}
            autocomplete="current-password"
          />
        </Field>
        <Field
          label="New password"
          name="newPassword"
          hint={`At least ${SHORTEST} characters. Your other sessions end when you change it.`}
          problem={checked.newPassword ?? change.problems.newPassword}
        >
          <TextInput name="newPassword" type="password" value={newPassword} onValue={setNewPassword} autocomplete="new-password" />
        </Field>
        <Field label="Repeat the new password" name="repeatPassword" problem={checked.repeat}>
          <TextInput name="repeatPassword" type="password" value={repeat} onValue={setRepeat} autocomplete="new-password" />
        </Field>
        <Button type="submit" busy={change.busy}>
          Change password
        </Button>
      </form>
    </Card>
  );
}
