import { OfficeApiError } from '@kits/plugin-sdk/office';
import { Button, Field, Spinner, TextInput, fieldProblems, problemText } from '@kits/ui-kit';
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { OfficeAuth } from '../session/office-auth.ts';
import { RecoveryCodes } from '../session/recovery-codes.tsx';
import { CompanyAccountForm } from './sign-in-company.tsx';
import { EnrolmentStep, SecondFactorStep, type PendingSignIn } from './sign-in-second-factor.tsx';

/** Where a sign-in stands: the password form, a second factor, an enrolment, the new recovery codes, or a company sign-in coming back. */
type Step =
  | { readonly kind: 'password' }
  | { readonly kind: 'second-factor'; readonly pending: PendingSignIn }
  | { readonly kind: 'enrolment'; readonly pending: PendingSignIn }
  | { readonly kind: 'recovery-codes'; readonly codes: readonly string[] }
  | { readonly kind: 'company-return'; readonly code: string };

/** What the kernel's SSO callback puts in the office's URL (`?sso=<one-time code>`, or `?sso_error=<code>`). */
const SSO_PARAMS = ['sso', 'sso_error'] as const;

/** Takes the SSO answer out of the address bar, so a reload or a bookmark does not replay it. */
function forgetSsoParams(): void {
  const url = new URL(location.href);
  for (const name of SSO_PARAMS) url.searchParams.delete(name);
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
}

/**
 * Why a company sign-in came back refused, in the office's own words: the address bar's text is
 * never shown (a crafted link could put any words on the sign-in page).
 */
const SSO_REFUSALS: Readonly<Record<string, string>> = {
  'auth.sso_state_expired': 'The sign-in with your company account took too long. Start again.',
  'auth.sso_state_invalid': 'That sign-in answer was used already or is unknown. Start again.',
  'auth.sso_no_account': 'There is no account for you in this shop yet: ask a manager to invite you, then sign in again.',
  'auth.sso_account_inactive': 'Your account in this shop was deactivated: ask a manager to reactivate it.',
  'auth.sso_no_verified_email':
    "Your company account has no verified e-mail, so KiTS cannot tell which account is yours: ask your company's IT.",
  'auth.sso_denied': "Your company's identity provider did not sign you in. Start again, or ask your company's IT.",
  'auth.sso_code_refused': "Your company's identity provider refused the sign-in. Start again.",
  'auth.sso_nonce_mismatch': 'That sign-in answer was not for this attempt. Start again.',
  'auth.sso_token_invalid':
    "Your company's identity provider sent an answer that failed its checks. Start again, and tell your company's IT if it happens again.",
  'auth.sso_provider_unreachable': "Your company's identity provider cannot be reached. Try again in a minute.",
};
function ssoErrorText(code: string): string {
  return SSO_REFUSALS[code] ?? `Signing in with your company account failed (${code}). Try again, or sign in with your password.`;
}

/** The challenge a problem carries when the password was right but a second factor is still needed. */
function pendingOf(error: unknown, tenant: string): { kind: 'second-factor' | 'enrolment'; pending: PendingSignIn } | undefined {
  if (!(error instanceof OfficeApiError)) return undefined;
  const challenge = error.problem.challenge;
  if (typeof challenge !== 'string') return undefined;
  if (error.problem.code === 'auth.second_factor_required') return { kind: 'second-factor', pending: { tenant, challenge } };
  if (error.problem.code === 'auth.second_factor_enrolment_required') return { kind: 'enrolment', pending: { tenant, challenge } };
  return undefined;
}

/** The sign-in page's card: the brand, then the step. */
function SignInCard({ children }: { children: ComponentChildren }) {
  return (
    <main class="office-sign-in">
      <div class="office-sign-in-card">
        <div class="office-brand office-brand-large">
          <span class="office-brand-mark" aria-hidden="true">
            K
          </span>{' '}
          KiTS Back Office
        </div>
        {children}
      </div>
    </main>
  );
}

/**
 * The back office's sign-in: the shop, the person's e-mail and password — then a second factor when
 * the shop asks for one — or their company account (single sign-on). What they typed stays when it
 * is refused. Signed in, `onSignedIn` opens the office.
 */
export function SignIn({ auth, onSignedIn }: { auth: OfficeAuth; onSignedIn: () => void }) {
  const [step, setStep] = useState<Step>(() => {
    const code = new URLSearchParams(location.search).get('sso');
    return code ? { kind: 'company-return', code } : { kind: 'password' };
  });
  const [shop, setShop] = useState(auth.lastShop);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [company, setCompany] = useState(false);
  const problems = fieldProblems(failure);

  // Back from the company's identity provider: the one-time code becomes the session, or the refusal is said.
  useEffect(() => {
    const query = new URLSearchParams(location.search);
    const refused = query.get('sso_error');
    if (refused !== null) setNotice(ssoErrorText(refused));
    if (step.kind !== 'company-return') {
      if (refused !== null) forgetSsoParams();
      return;
    }
    auth.completeCompanySignIn(step.code).then(
      () => {
        forgetSsoParams();
        onSignedIn();
      },
      (error: unknown) => {
        forgetSsoParams();
        setFailure(error);
        setStep({ kind: 'password' });
      },
    );
  }, []);

  const passkeysWork = typeof window !== 'undefined' && 'PublicKeyCredential' in window;
  const [passkeyBusy, setPasskeyBusy] = useState(false);
  const signInWithPasskey = async () => {
    setPasskeyBusy(true);
    setFailure(undefined);
    setNotice(undefined);
    try {
      await auth.signInWithPasskey();
      onSignedIn();
    } catch (error) {
      setFailure(error);
    } finally {
      setPasskeyBusy(false);
    }
  };

  const startAgain = () => {
    setFailure(undefined);
    setNotice(undefined);
    setPassword('');
    setStep({ kind: 'password' });
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const tenant = shop.trim();
    setBusy(true);
    setFailure(undefined);
    setNotice(undefined);
    try {
      await auth.signIn(tenant, email.trim(), password);
      onSignedIn();
    } catch (error) {
      const pending = pendingOf(error, tenant);
      if (pending) setStep(pending);
      else {
        setFailure(error);
        // The shop signs its people in with their company account only: offer that at once.
        if (error instanceof OfficeApiError && error.problem.code === 'auth.password_sign_in_off') setCompany(true);
      }
    } finally {
      setBusy(false);
    }
  };

  switch (step.kind) {
    case 'company-return':
      return (
        <SignInCard>
          <Spinner label="Signing you in with your company account…" />
        </SignInCard>
      );
    case 'second-factor':
      return (
        <SignInCard>
          <SecondFactorStep auth={auth} pending={step.pending} onSignedIn={onSignedIn} onStartAgain={startAgain} />
        </SignInCard>
      );
    case 'enrolment':
      return (
        <SignInCard>
          <EnrolmentStep
            auth={auth}
            pending={step.pending}
            onEnrolled={(codes) => (codes.length > 0 ? setStep({ kind: 'recovery-codes', codes }) : onSignedIn())}
            onStartAgain={startAgain}
          />
        </SignInCard>
      );
    case 'recovery-codes':
      return (
        <SignInCard>
          <section class="office-sign-in-step" aria-label="Save your recovery codes">
            <h1 class="k-heading">Save your recovery codes</h1>
            <RecoveryCodes
              codes={step.codes}
              who={`${email.trim()} at ${shop.trim()}`}
              doneLabel="I have saved them — continue"
              onDone={onSignedIn}
            />
          </section>
        </SignInCard>
      );
    case 'password':
      break;
  }

  const general = notice ?? (failure && !problems.tenant && !problems.email && !problems.password ? problemText(failure) : undefined);
  return (
    <SignInCard>
      <p class="office-sign-in-lead">Run your shop: products, stock, purchasing, sales and your team.</p>
      {general && (
        <p class="office-form-problem" role="alert">
          {general}
        </p>
      )}
      <form class="office-sign-in-step" onSubmit={submit} aria-label="Sign in to the back office">
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
      {company ? (
        <CompanyAccountForm auth={auth} email={email.trim()} />
      ) : (
        <Button size="lg" onClick={() => setCompany(true)}>
          Continue with your company account
        </Button>
      )}
      {passkeysWork && (
        <Button size="lg" busy={passkeyBusy} onClick={() => void signInWithPasskey()}>
          Sign in with a passkey
        </Button>
      )}
    </SignInCard>
  );
}
