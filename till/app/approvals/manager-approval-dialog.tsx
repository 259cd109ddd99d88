import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { askManagerApproval } from '../../src/auth/manager-step-up.ts';
import { keptStaff, type StaffMember } from '../../src/auth/staff-list.ts';
import type { PendingApprovalRequest } from '../../src/plugins/approval-requests.ts';
import { PinField } from '../pin-field.tsx';
import { StaffPicker } from '../staff/staff-picker.tsx';
import type { TillRuntime } from '../till-runtime.ts';
import { useSubmit } from '../use-submit.ts';

/** The approval a plugin asked for (`context.approvals.request`), over whatever screen is on show. */
export function ApprovalDialogHost({ runtime }: { runtime: TillRuntime }) {
  const [pending, setPending] = useState<PendingApprovalRequest>();
  useEffect(() => runtime.plugins.approvals.watch(setPending), [runtime]);
  if (!pending) return null;
  const { approvals } = runtime.plugins;
  // Answered through the queue of requests, so the next one (if any) comes on screen.
  const asked = { ...pending, answer: (approval: Parameters<PendingApprovalRequest['answer']>[0]) => approvals.answer(approval) };
  return <ManagerApprovalDialog key={pending.what} runtime={runtime} pending={asked} onClose={() => approvals.answer(undefined)} />;
}

/**
 * On the cashier's screen, over the checkout: a manager picks their name (or types their e-mail)
 * and enters their PIN to approve this one action. Esc or Cancel leaves everything as it was.
 */
export function ManagerApprovalDialog({
  runtime,
  pending,
  onClose,
}: {
  runtime: TillRuntime;
  pending: PendingApprovalRequest;
  onClose: () => void;
}) {
  const { session, client } = runtime;
  const staff = (keptStaff(localStorage, session.deviceId) ?? []).filter((person) => person.id !== session.cashierId);
  const [manager, setManager] = useState<StaffMember>();
  const [byEmail, setByEmail] = useState(staff.length === 0);
  const [email, setEmail] = useState('');
  const [pin, setPin] = useState('');
  // A manager with two-step verification may give its code instead of the PIN (checked online).
  const [byCode, setByCode] = useState(false);
  const [code, setCode] = useState('');
  const pinInput = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => {
    if (manager) pinInput.current?.focus();
  }, [manager]);
  const { error, busy, submit } = useSubmit(
    async () => {
      const approval = await askManagerApproval(
        { api: client, store: localStorage, deviceId: session.deviceId, cashierId: session.cashierId },
        {
          approver: manager ? { id: manager.id, name: manager.name } : { email },
          proof: byCode ? { code } : { pin },
          permission: pending.permission,
          action: pending.action,
        },
      );
      pending.answer(approval);
    },
    () => (setPin(''), setCode('')),
  );
  const choosing = !byEmail && !manager;
  return (
    // Keys typed here stay here: the checkout's own keys (F-keys, Esc, Enter) must not act beneath.
    <div
      class="approval-screen"
      role="dialog"
      aria-modal="true"
      aria-label="Manager approval"
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key !== 'Escape') return;
        if (manager) setManager(undefined);
        else onClose();
      }}
    >
      <form class="sign-in approval" onSubmit={submit}>
        <h2>A manager approves</h2>
        <p class="approval-what" data-testid="approval-what">
          {pending.what}
        </p>
        <p class="hint">
          {session.cashier} may not do this alone ({pending.permission}). A manager confirms with their PIN (or authenticator code), here.
        </p>
        {choosing ? (
          <StaffPicker staff={staff} label="Approving manager" onPick={setManager} />
        ) : manager ? (
          <p class="signing-in" data-testid="approver">
            {manager.name}
          </p>
        ) : (
          <label>
            Manager’s e-mail
            <input name="approver-email" type="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} autoFocus required />
          </label>
        )}
        {!choosing &&
          (byCode ? (
            <label>
              Manager’s authenticator code
              <input
                ref={pinInput}
                name="approver-code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]{6}"
                maxLength={6}
                value={code}
                onInput={(e) => setCode(e.currentTarget.value)}
                required
              />
            </label>
          ) : (
            <PinField label="Manager’s PIN" name="approver-pin" value={pin} onInput={setPin} inputRef={pinInput} />
          ))}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {!choosing && (
          <button type="submit" disabled={busy}>
            {busy ? 'Checking…' : 'Approve'}
          </button>
        )}
        {!choosing && (
          <button type="button" class="link" onClick={() => (setByCode(!byCode), setPin(''), setCode(''), pinInput.current?.focus())}>
            {byCode ? 'Use the manager’s PIN' : 'Use an authenticator code'}
          </button>
        )}
        {staff.length > 0 && (byEmail || manager) && (
          <button type="button" class="link" onClick={() => (setManager(undefined), setByEmail(false), setPin(''))}>
            Pick another manager
          </button>
        )}
        {choosing && (
          <button type="button" class="link" onClick={() => setByEmail(true)}>
            Type the manager’s e-mail
          </button>
        )}
        <button type="button" class="link" onClick={onClose}>
          Cancel (Esc)
        </button>
      </form>
    </div>
  );
}
