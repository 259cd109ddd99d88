import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Field, Select, TextInput, useSubmit, FormDialog } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { TENANT, type StaffMember } from '../kernel-api.ts';
import { locationOptions, type StaffChoices } from './staff-data.ts';

/**
 * Invites a person: their e-mail and name, how they sign in (a back-office password they change
 * later, a till PIN, or both) and a role at a location — one request, all or nothing.
 */
export function InviteDialog({
  context,
  choices,
  onClose,
  onInvited,
}: {
  context: OfficePluginContext;
  choices: StaffChoices | undefined;
  onClose: () => void;
  onInvited: (member: StaffMember) => void;
}) {
  const roles = choices?.roles ?? [];
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [pin, setPin] = useState('');
  const [roleId, setRoleId] = useState(roles[0]?.id ?? '');
  const [locationId, setLocationId] = useState(context.location.current?.id ?? '');
  const invite = useSubmit(() =>
    context.api.post<StaffMember>(`${TENANT}/staff`, {
      email: email.trim(),
      displayName: name,
      ...(password ? { password } : {}),
      ...(pin ? { pin } : {}),
      grants: roleId ? [{ roleId, ...(locationId ? { locationId } : {}) }] : [],
    }),
  );
  const send = () => void invite.submit().then((member) => member && onInvited(member));
  const p = invite.problems;

  return (
    <FormDialog title="Invite someone" submitLabel="Invite" busy={invite.busy} problem={p['']} onSubmit={send} onClose={onClose}>
      <Field label="E-mail" name="email" problem={p.email} required>
        <TextInput name="email" type="email" value={email} onValue={setEmail} autoComplete="off" />
      </Field>
      <Field label="Name" name="displayName" problem={p.displayName} required hint="As the till and receipts show it.">
        <TextInput name="displayName" value={name} onValue={setName} autoComplete="off" />
      </Field>
      <div class="k-columns k-columns--narrow">
        <Field label="Password" name="password" problem={p.password} hint="For the back office; 10 characters or more. Tell it to them.">
          <TextInput name="password" type="password" value={password} onValue={setPassword} autoComplete="new-password" />
        </Field>
        <Field label="Till PIN" name="pin" problem={p.pin} hint="4 to 8 digits, to sign in on a till.">
          <TextInput name="pin" type="password" inputMode="numeric" value={pin} onValue={setPin} autoComplete="off" />
        </Field>
      </div>
      {roles.length > 0 ? (
        <div class="k-columns k-columns--narrow">
          <Field label="Role" name="role" problem={p['grants.0.roleId']}>
            <Select
              name="role"
              value={roleId}
              onValue={setRoleId}
              options={[{ value: '', label: 'No role yet' }, ...roles.map((r) => ({ value: r.id, label: r.name }))]}
            />
          </Field>
          <Field label="Where" name="location" problem={p['grants.0.locationId']}>
            <Select name="location" value={locationId} onValue={setLocationId} options={locationOptions(choices?.locations ?? [])} />
          </Field>
        </div>
      ) : (
        <p class="k-muted k-text--small">Give them a role on their page once a role exists (Staff → Roles).</p>
      )}
      <button type="submit" hidden />
    </FormDialog>
  );
}
