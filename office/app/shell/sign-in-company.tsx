import { OfficeApiError } from '@kits/plugin-sdk/office';
import { Button, Field, TextInput, fieldProblems, problemText } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import type { OfficeAuth } from '../session/office-auth.ts';

/** Why a company sign-in cannot start, under the e-mail field: no shop signs in that domain, or the kernel's own word. */
export function companySignInProblem(error: unknown, email: string): string {
  if (error instanceof OfficeApiError && error.problem.code === 'auth.sso_unknown_domain') {
    const domain = email.slice(email.lastIndexOf('@') + 1) || email;
    return `No shop signs in people of ${domain} with a company account: sign in with your password.`;
  }
  return fieldProblems(error).email ?? problemText(error);
}

/**
 * "Continue with your company account": the person's work e-mail names the shop and its identity
 * provider (`GET /api/v1/auth/sso/discover`); the browser then goes to the provider, which sends
 * it back to the office with a one-time code (`?sso=`).
 */
export function CompanyAccountForm({
  auth,
  email: typed,
  go = (url) => location.assign(url),
}: {
  auth: OfficeAuth;
  /** What the person typed into the password form's e-mail, to start from. */
  email: string;
  go?: (url: string) => void;
}) {
  const [email, setEmail] = useState(typed);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  const submit = async (event: Event) => {
    event.preventDefault();
    const address = email.trim();
    setBusy(true);
    setProblem(undefined);
    try {
      const found = await auth.findCompanySignIn(address);
      go(found.startUrl);
      // Busy until the browser leaves for the provider.
    } catch (error) {
      setProblem(companySignInProblem(error, address));
      setBusy(false);
    }
  };

  return (
    <form class="office-sign-in-step" aria-label="Continue with your company account" noValidate onSubmit={submit}>
      <Field label="Work e-mail" name="workEmail" hint="The address your company signs you in with" problem={problem}>
        <TextInput name="workEmail" type="email" value={email} onValue={setEmail} autoFocus autocomplete="email" />
      </Field>
      <Button type="submit" size="lg" busy={busy}>
        Continue
      </Button>
    </form>
  );
}
