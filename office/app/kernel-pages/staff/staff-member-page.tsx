import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  Button,
  Card,
  ConfirmActionDialog,
  ConfirmDialog,
  DateTime,
  DescriptionList,
  Field,
  PageHeader,
  ProblemNotice,
  Select,
  Spinner,
  TextInput,
  useResource,
  useSubmit,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import type { SignInSession } from '../account/account-api.ts';
import { SessionsTable } from '../account/sessions-table.tsx';
import { KERNEL_PERMISSION, TENANT, type Grant, type StaffMember } from '../kernel-api.ts';
import { grantText, loadStaffChoices, locationOptions, type StaffChoices } from './staff-data.ts';

/** `/office/staff/:userId`: one person — their roles where, a new till PIN, their sessions and second factor, deactivating them. */
export function StaffMemberPage({ context, params }: OfficePageProps & { context: OfficePluginContext }) {
  const member = useResource(
    (signal) => context.api.get<StaffMember>(`${TENANT}/staff/${encodeURIComponent(params.userId ?? '')}`, { signal }),
    [params.userId],
  );
  const choices = useResource((signal) => loadStaffChoices(context, signal), []);
  const [confirming, setConfirming] = useState(false);
  const back = { href: context.href('staff'), label: 'Staff' };
  const toggle = useSubmit((active: boolean) => context.api.patch<StaffMember>(`${TENANT}/users/${params.userId}`, { active }));

  if (member.error !== undefined && !member.data)
    return (
      <>
        <PageHeader title="Staff member" back={back} />
        <ProblemNotice error={member.error} what="Loading this person" onRetry={member.reload} />
      </>
    );
  if (!member.data) return <Spinner label="Loading this person…" />;
  const m = member.data;
  const itsMe = m.id === context.session.userId;
  return (
    <>
      <PageHeader
        title={m.displayName}
        subtitle={m.email}
        back={back}
        actions={
          !itsMe &&
          (m.active ? (
            <Button variant="danger" onClick={() => setConfirming(true)}>
              Deactivate
            </Button>
          ) : (
            <Button
              variant="primary"
              busy={toggle.busy}
              onClick={() =>
                void toggle
                  .submit(true)
                  .then((done) => done && (member.reload(), context.toasts.show(`${m.displayName} can sign in again.`, 'success')))
              }
            >
              Reactivate
            </Button>
          ))
        }
      />
      {toggle.problems[''] && (
        <p class="k-form__problems" role="alert">
          {toggle.problems['']}
        </p>
      )}
      <div class="k-columns k-columns--wide k-section">
        <Card title="Account">
          <DescriptionList
            items={[
              ['Status', m.active ? <Badge tone="success">Active</Badge> : <Badge tone="neutral">Deactivated — cannot sign in</Badge>],
              ['Back office', m.hasPassword ? 'Signs in with a password' : 'No password'],
              [
                'Till',
                m.hasPin ? m.pinLocked ? <Badge tone="warning">PIN locked after wrong tries</Badge> : 'Signs in with a PIN' : 'No PIN',
              ],
              ['Since', <DateTime value={m.createdAt} dateOnly />],
            ]}
          />
        </Card>
        <PinCard context={context} member={m} onDone={member.reload} />
      </div>
      {context.session.may(KERNEL_PERMISSION.roles) && (
        <GrantsCard context={context} member={m} choices={choices.data} onChanged={member.reload} />
      )}
      <SessionsCard context={context} member={m} />
      <ConfirmDialog
        open={confirming}
        title={`Deactivate ${m.displayName}?`}
        message="They can no longer sign in to the back office or on a till. Their sales and history stay. You can reactivate them later."
        confirmLabel="Deactivate"
        tone="danger"
        busy={toggle.busy}
        onCancel={() => setConfirming(false)}
        onConfirm={() =>
          void toggle.submit(false).then((done) => {
            setConfirming(false);
            if (done) {
              member.reload();
              context.toasts.show(`${m.displayName} is deactivated.`, 'success');
            }
          })
        }
      />
    </>
  );
}

/** A new till PIN (also unlocks a PIN locked after wrong tries). */
function PinCard({ context, member, onDone }: { context: OfficePluginContext; member: StaffMember; onDone: () => void }) {
  const [pin, setPin] = useState('');
  const reset = useSubmit(() => context.api.put<null>(`${TENANT}/users/${member.id}/pin`, { pin }).then(() => true));
  const send = () =>
    void reset.submit().then((result) => {
      if (result === undefined) return;
      setPin('');
      context.toasts.show(`New PIN set for ${member.displayName}.`, 'success');
      onDone();
    });
  return (
    <Card title="Till PIN">
      <form noValidate class="k-stack k-gap-4" aria-label="Reset PIN" onSubmit={(event) => (event.preventDefault(), send())}>
        {reset.problems[''] && (
          <p class="k-form__problems" role="alert">
            {reset.problems['']}
          </p>
        )}
        <Field label="New PIN" name="newPin" hint="4 to 8 digits. Tell it to them in person." problem={reset.problems.pin}>
          <TextInput name="newPin" type="password" inputMode="numeric" value={pin} onValue={setPin} autoComplete="off" />
        </Field>
        <Button type="submit" busy={reset.busy}>
          {member.pinLocked ? 'Set PIN and unlock' : member.hasPin ? 'Reset PIN' : 'Set PIN'}
        </Button>
      </form>
    </Card>
  );
}

/** Their roles, each at a location or everywhere; give another, take one away. */
function GrantsCard({
  context,
  member,
  choices,
  onChanged,
}: {
  context: OfficePluginContext;
  member: StaffMember;
  choices: StaffChoices | undefined;
  onChanged: () => void;
}) {
  const roles = choices?.roles ?? [];
  const locations = choices?.locations ?? [];
  const [roleId, setRoleId] = useState('');
  const [locationId, setLocationId] = useState('');
  const give = useSubmit(() => context.api.post(`${TENANT}/users/${member.id}/grants`, { roleId, ...(locationId ? { locationId } : {}) }));
  const remove = useSubmit((grant: Grant) =>
    context.api.delete<null>(`${TENANT}/users/${member.id}/grants/${grant.grantId}`).then(() => true),
  );
  const problem = give.problems[''] ?? remove.problems[''];
  return (
    <Card title="Roles">
      {member.grants.length === 0 ? (
        <p class="k-muted k-text--small">No role yet: they can sign in but do nothing.</p>
      ) : (
        <ul class="k-boxed-list" aria-label="Roles held">
          {member.grants.map((grant) => (
            <li key={grant.grantId}>
              <span>{grantText(grant.roleName, grant.locationId, locations)}</span>
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Remove ${grantText(grant.roleName, grant.locationId, locations)}`}
                onClick={() => void remove.submit(grant).then((done) => done !== undefined && onChanged())}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      {problem && (
        <p class="k-form__problems" role="alert">
          {problem}
        </p>
      )}
      <form
        noValidate
        class="k-toolbar k-space-above"
        aria-label="Give a role"
        onSubmit={(event) => {
          event.preventDefault();
          void give.submit().then((done) => {
            if (done === undefined) return;
            setRoleId('');
            onChanged();
          });
        }}
      >
        <Field label="Role" name="grantRole" problem={give.problems.roleId}>
          <Select
            name="grantRole"
            value={roleId}
            onValue={setRoleId}
            options={[{ value: '', label: 'Choose a role' }, ...roles.map((r) => ({ value: r.id, label: r.name }))]}
          />
        </Field>
        <Field label="Where" name="grantLocation" problem={give.problems.locationId}>
          <Select name="grantLocation" value={locationId} onValue={setLocationId} options={locationOptions(locations)} />
        </Field>
        <Button type="submit" disabled={!roleId} busy={give.busy}>
          Give role
        </Button>
      </form>
    </Card>
  );
}

/**
 * Where they are signed in (the account page's table, without its buttons), "End all sessions",
 * and "Reset two-step verification" for a lost phone: their next sign-in enrols again if the shop
 * requires it.
 */
function SessionsCard({ context, member }: { context: OfficePluginContext; member: StaffMember }) {
  const path = `${TENANT}/users/${encodeURIComponent(member.id)}`;
  const sessions = useResource(
    (signal) => context.api.get<{ items: SignInSession[] }>(`${path}/sessions`, { signal }).then((answer) => answer.items),
    [path],
  );
  const [confirming, setConfirming] = useState<'sessions' | 'second-factor'>();
  const list = sessions.data ?? [];
  return (
    <Card
      title="Sessions"
      class="k-space-above"
      actions={
        <>
          <Button size="sm" onClick={() => setConfirming('second-factor')}>
            Reset two-step verification
          </Button>
          <Button size="sm" variant="danger" disabled={list.length === 0} onClick={() => setConfirming('sessions')}>
            End all sessions
          </Button>
        </>
      }
    >
      {sessions.error !== undefined && !sessions.data ? (
        <ProblemNotice error={sessions.error} what="Loading their sessions" onRetry={sessions.reload} />
      ) : (
        <SessionsTable label={`Sessions of ${member.displayName}`} sessions={list} loading={sessions.loading && !sessions.data} />
      )}
      <ConfirmActionDialog
        open={confirming === 'sessions'}
        title={`End every session of ${member.displayName}?`}
        message="They are signed out of the back office and of every till at once, and sign in again with their password, PIN or company account."
        confirmLabel="End all sessions"
        tone="danger"
        doing="Ending the sessions"
        action={() => context.api.delete<null>(`${path}/sessions`)}
        onDone={() => {
          setConfirming(undefined);
          context.toasts.show(`${member.displayName} is signed out everywhere.`, 'success');
          sessions.reload();
        }}
        onCancel={() => setConfirming(undefined)}
      />
      <ConfirmActionDialog
        open={confirming === 'second-factor'}
        title={`Reset two-step verification of ${member.displayName}?`}
        message="Their authenticator app and recovery codes stop working. Do this when they lost their phone: if the shop requires two-step verification of them, their next sign-in sets it up again."
        confirmLabel="Reset two-step verification"
        tone="danger"
        doing="Resetting"
        action={() => context.api.delete<null>(`${path}/second-factor`)}
        onDone={() => {
          setConfirming(undefined);
          context.toasts.show(`Two-step verification of ${member.displayName} is reset.`, 'success');
        }}
        onCancel={() => setConfirming(undefined)}
      />
    </Card>
  );
}
