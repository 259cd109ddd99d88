import { Button, Field, Spinner, TextInput, fieldProblems, problemText } from '@kits/ui-kit';
import { useEffect, useState } from 'preact/hooks';
import { AuthenticationCodeField, AuthenticatorKey, codeDigits } from '../session/authenticator-key.tsx';
import type { AuthenticatorSetup, OfficeAuth } from '../session/office-auth.ts';

/** A password sign-in waiting for its second factor: the shop signed in to and the kernel's challenge (5 minutes). */
export interface PendingSignIn {
  readonly tenant: string;
  readonly challenge: string;
}

/** The refusal of a code, by the field it belongs to (a 400 names it), else the kernel's detail (wrong code, locked). */
const codeProblem = (error: unknown, field: 'code' | 'recoveryCode'): string | undefined =>
  error === undefined ? undefined : (fieldProblems(error)[field] ?? problemText(error));

/**
 * "Two-step verification": the code from the person's authenticator app — or, through "Use a
 * recovery code", one of the codes they saved — ends the password sign-in.
 */
export function SecondFactorStep({
  auth,
  pending,
  onSignedIn,
  onStartAgain,
}: {
  auth: OfficeAuth;
  pending: PendingSignIn;
  onSignedIn: () => void;
  onStartAgain: () => void;
}) {
  const [recovery, setRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      await auth.signInWithSecondFactor(
        pending.tenant,
        pending.challenge,
        recovery ? { recoveryCode: recoveryCode.trim() } : { code: codeDigits(code) },
      );
      onSignedIn();
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  };
  const switchTo = (useRecovery: boolean) => {
    setRecovery(useRecovery);
    setFailure(undefined);
  };

  return (
    <form class="office-sign-in-step" aria-label="Two-step verification" noValidate onSubmit={submit}>
      <h1 class="k-heading">Two-step verification</h1>
      <p class="office-sign-in-lead">
        {recovery
          ? 'Type one of the recovery codes you saved when you set up two-step verification. Each works once.'
          : 'Open your authenticator app and type the code it shows for KiTS.'}
      </p>
      {recovery ? (
        <Field label="Recovery code" name="recoveryCode" problem={codeProblem(failure, 'recoveryCode')}>
          <TextInput name="recoveryCode" value={recoveryCode} onValue={setRecoveryCode} autocomplete="off" spellcheck={false} autoFocus />
        </Field>
      ) : (
        <AuthenticationCodeField value={code} onValue={setCode} problem={codeProblem(failure, 'code')} />
      )}
      <Button type="submit" variant="primary" size="lg" busy={busy}>
        Verify
      </Button>
      <div class="k-row k-row--justify-between k-gap-2">
        <Button variant="ghost" size="sm" onClick={() => switchTo(!recovery)}>
          {recovery ? 'Use an authentication code' : 'Use a recovery code'}
        </Button>
        <Button variant="ghost" size="sm" onClick={onStartAgain}>
          Back to sign-in
        </Button>
      </div>
    </form>
  );
}

/**
 * "Set up two-step verification": the shop requires a second factor of this person and they have
 * none, so this sign-in enrols one — a new setup key, then a first code signs them in, and the
 * kernel's answer brings the recovery codes the next step shows once.
 */
export function EnrolmentStep({
  auth,
  pending,
  onEnrolled,
  onStartAgain,
}: {
  auth: OfficeAuth;
  pending: PendingSignIn;
  /** Signed in; the recovery codes to show before the office opens. */
  onEnrolled: (recoveryCodes: readonly string[]) => void;
  onStartAgain: () => void;
}) {
  const [setup, setSetup] = useState<AuthenticatorSetup>();
  const [setupFailure, setSetupFailure] = useState<unknown>();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  useEffect(() => {
    let closed = false;
    auth.enrolAtSignIn(pending.challenge).then(
      (answer) => !closed && setSetup(answer),
      (error: unknown) => !closed && setSetupFailure(error),
    );
    return () => {
      closed = true;
    };
  }, [auth, pending.challenge]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      const answer = await auth.signInWithSecondFactor(pending.tenant, pending.challenge, { code: codeDigits(code) });
      onEnrolled(answer.recoveryCodes ?? []);
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  };

  return (
    <form class="office-sign-in-step" aria-label="Set up two-step verification" noValidate onSubmit={submit}>
      <h1 class="k-heading">Set up two-step verification</h1>
      <p class="office-sign-in-lead">
        Your shop asks you to confirm each sign-in with a code from an authenticator app on your phone. Setting it up takes a minute.
      </p>
      {setupFailure !== undefined ? (
        <p class="office-form-problem" role="alert">
          {problemText(setupFailure)}
        </p>
      ) : setup ? (
        <>
          <AuthenticatorKey setup={setup} />
          <AuthenticationCodeField value={code} onValue={setCode} problem={codeProblem(failure, 'code')} />
          <Button type="submit" variant="primary" size="lg" busy={busy}>
            Verify and sign in
          </Button>
        </>
      ) : (
        <Spinner label="Making your setup key…" />
      )}
      <Button variant="ghost" size="sm" onClick={onStartAgain}>
        Back to sign-in
      </Button>
    </form>
  );
}
