import { OfficeApiError } from '@kits/plugin-sdk/office';
import { Button, Field, TextInput, fieldProblems } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import type { OfficeAuth } from '../session/office-auth.ts';

/** The back office's sign-in: the shop, the person's e-mail and password. What they typed stays when it is refused. */
export function SignIn({ auth, onSignedIn }: { auth: OfficeAuth; onSignedIn: () => void }) {
  const [shop, setShop] = useState(auth.lastShop);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const problems = fieldProblems(failure);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      await auth.signIn(shop.trim(), email.trim(), password);
      onSignedIn();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const general = failure && !problems.tenant && !problems.email && !problems.password;
  return (
    <main class="office-sign-in">
      <form class="office-sign-in-card" onSubmit={submit} aria-label="Sign in to the back office">
        <div class="office-brand office-brand-large">
          <span class="office-brand-mark" aria-hidden="true">
            K
          </span>{' '}
          KiTS Back Office
        </div>
        <p class="office-sign-in-lead">Run your shop: products, stock, purchasing, sales and your team.</p>
        {general && (
          <p class="office-form-problem" role="alert">
            {failure instanceof OfficeApiError ? failure.problem.detail : String(failure)}
          </p>
        )}
        <Field label="Shop" name="tenant" hint="Your shop's short name, as your account was set up" problem={problems.tenant}>
          <TextInput name="tenant" value={shop} onValue={setShop} autoFocus={!shop} autocomplete="organization" />
        </Field>
        <Field label="E-mail" name="email" problem={problems.email}>
          <TextInput name="email" type="email" value={email} onValue={setEmail} autoFocus={Boolean(shop)} autocomplete="username" />
        </Field>
        <Field label="Password" name="password" problem={problems.password}>
          <TextInput name="password" type="password" value={password} onValue={setPassword} autocomplete="current-password" />
        </Field>
        <Button type="submit" variant="primary" size="lg" busy={busy}>
          Sign in
        </Button>
      </form>
    </main>
  );
}
