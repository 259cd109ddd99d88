import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  Button,
  Card,
  DateTime,
  DescriptionList,
  FormProblem,
  ProblemNotice,
  Spinner,
  Subheading,
  useResource,
  useSubmit,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { AuthenticationCodeField, AuthenticatorKey, codeDigits } from '../../session/authenticator-key.tsx';
import type { AuthenticatorSetup } from '../../session/office-auth.ts';
import { RecoveryCodes } from '../../session/recovery-codes.tsx';
import { SECOND_FACTOR, turnOffSecondFactor, type SecondFactorStatus } from './account-api.ts';

/** Fewer recovery codes than this left: the count is flagged. */
const FEW_CODES = 3;

/**
 * "Two-step verification": whether sign-ins ask for a code from the person's authenticator app;
 * "Set up" (a setup key, then a first code turns it on and brings the recovery codes, shown once),
 * "Turn off" (with a code) unless the shop requires it of them.
 */
export function SecondFactorCard({ context }: { context: OfficePluginContext }) {
  const status = useResource((signal) => context.api.get<SecondFactorStatus>(SECOND_FACTOR, { signal }), []);
  const [setup, setSetup] = useState<AuthenticatorSetup>();
  const [codes, setCodes] = useState<readonly string[]>();
  const [turningOff, setTurningOff] = useState(false);
  const [code, setCode] = useState('');
  const begin = useSubmit(() => context.api.post<AuthenticatorSetup>(`${SECOND_FACTOR}/enrolment`));
  const confirm = useSubmit(() =>
    context.api.post<{ recoveryCodes: string[] }>(`${SECOND_FACTOR}/confirmation`, { code: codeDigits(code) }),
  );
  const turnOff = useSubmit(() => turnOffSecondFactor(context.api, codeDigits(code)).then(() => true));

  const startSetup = () =>
    void begin.submit().then((answer) => {
      if (!answer) return;
      setCode('');
      setSetup(answer);
    });
  const cancel = () => {
    setSetup(undefined);
    setTurningOff(false);
    setCode('');
  };

  let body;
  if (codes) {
    body = (
      <section class="k-stack k-gap-3" aria-label="Save your recovery codes">
        <Subheading>Save your recovery codes</Subheading>
        <RecoveryCodes
          codes={codes}
          who={context.session.email}
          doneLabel="I have saved them"
          onDone={() => {
            setCodes(undefined);
            status.reload();
          }}
        />
      </section>
    );
  } else if (setup) {
    body = (
      <form
        class="k-stack k-gap-4"
        aria-label="Set up two-step verification"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void confirm.submit().then((answer) => {
            if (!answer) return;
            setSetup(undefined);
            setCode('');
            setCodes(answer.recoveryCodes);
          });
        }}
      >
        <AuthenticatorKey setup={setup} />
        <FormProblem>{confirm.problems['']}</FormProblem>
        <AuthenticationCodeField value={code} onValue={setCode} problem={confirm.problems.code} />
        <div class="k-row k-gap-2">
          <Button type="submit" variant="primary" busy={confirm.busy}>
            Turn on
          </Button>
          <Button onClick={cancel}>Cancel</Button>
        </div>
      </form>
    );
  } else if (status.error !== undefined && !status.data) {
    body = <ProblemNotice error={status.error} what="Loading your two-step verification" onRetry={status.reload} />;
  } else if (!status.data) {
    body = <Spinner label="Loading…" />;
  } else {
    const s = status.data;
    body = (
      <div class="k-stack k-gap-4">
        <DescriptionList
          items={[
            ['Status', s.enrolled ? <Badge tone="success">On</Badge> : <Badge tone={s.required ? 'warning' : 'neutral'}>Off</Badge>],
            ...(s.enrolled && s.confirmedAt ? ([['Since', <DateTime value={s.confirmedAt} dateOnly />]] as const) : []),
            ...(s.enrolled
              ? ([
                  [
                    'Recovery codes left',
                    s.recoveryCodesLeft < FEW_CODES ? <Badge tone="warning">{String(s.recoveryCodesLeft)}</Badge> : s.recoveryCodesLeft,
                  ],
                ] as const)
              : []),
          ]}
        />
        {!s.enrolled && (
          <p class="k-text k-muted k-text--small">
            {s.required
              ? 'Your shop requires two-step verification for what you can do: set it up now, or your next sign-in will ask you to.'
              : 'Sign-ins ask only for your password. With two-step verification they also ask for a code from an app on your phone.'}
          </p>
        )}
        <FormProblem>{begin.problems['']}</FormProblem>
        {!s.enrolled && (
          <Button variant="primary" busy={begin.busy} onClick={startSetup}>
            Set up
          </Button>
        )}
        {s.enrolled && s.required && (
          <p class="k-text k-muted k-text--small">
            Your shop requires two-step verification for what you can do, so it cannot be turned off. If you lose your phone, sign in with a
            recovery code, or ask a staff manager to reset it.
          </p>
        )}
        {s.enrolled && !s.required && !turningOff && (
          <Button variant="danger" onClick={() => (setCode(''), setTurningOff(true))}>
            Turn off
          </Button>
        )}
        {s.enrolled && !s.required && turningOff && (
          <form
            class="k-stack k-gap-4"
            aria-label="Turn off two-step verification"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void turnOff.submit().then((done) => {
                if (!done) return;
                cancel();
                context.toasts.show('Two-step verification is off.', 'success');
                status.reload();
              });
            }}
          >
            <FormProblem>{turnOff.problems['']}</FormProblem>
            <AuthenticationCodeField value={code} onValue={setCode} problem={turnOff.problems.code} />
            <div class="k-row k-gap-2">
              <Button type="submit" variant="danger" busy={turnOff.busy}>
                Turn off two-step verification
              </Button>
              <Button onClick={cancel}>Cancel</Button>
            </div>
          </form>
        )}
      </div>
    );
  }
  return <Card title="Two-step verification">{body}</Card>;
}
