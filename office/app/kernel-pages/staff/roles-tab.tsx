import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Button,
  Checkbox,
  DataTable,
  Field,
  ProblemNotice,
  TextInput,
  Toolbar,
  useResource,
  Subheading,
  useSubmit,
  type Column,
  FormDialog,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { TENANT, type Role } from '../kernel-api.ts';

/** The roles of the shop (a name and the permissions it holds); a new role from the permissions plugins declare. */
export function RolesTab({ context }: { context: OfficePluginContext }) {
  const roles = useResource((signal) => context.api.get<{ items: Role[] }>(`${TENANT}/roles`, { signal }), []);
  const [creating, setCreating] = useState(false);
  const columns: Column<Role>[] = [
    { key: 'name', title: 'Role', width: '1fr', sortValue: (r) => r.name.toLowerCase() },
    {
      key: 'permissions',
      title: 'May',
      width: '4fr',
      render: (r) => (r.permissions.includes('*') ? 'Everything' : r.permissions.join(', ')),
    },
  ];
  return (
    <>
      <Toolbar label="Roles">
        <Button onClick={() => setCreating(true)}>New role</Button>
      </Toolbar>
      {roles.error !== undefined && !roles.data ? (
        <ProblemNotice error={roles.error} what="Loading the roles" onRetry={roles.reload} />
      ) : (
        <DataTable
          label="Roles"
          columns={columns}
          rows={roles.data?.items ?? []}
          rowKey={(r) => r.id}
          loading={roles.loading && !roles.data}
          empty="No roles yet."
          height="calc(100vh - 300px)"
        />
      )}
      {creating && (
        <NewRoleDialog
          context={context}
          onClose={() => setCreating(false)}
          onCreated={(role) => {
            setCreating(false);
            context.toasts.show(`Role ${role.name} created.`, 'success');
            roles.reload();
          }}
        />
      )}
    </>
  );
}

function NewRoleDialog({
  context,
  onClose,
  onCreated,
}: {
  context: OfficePluginContext;
  onClose: () => void;
  onCreated: (role: Role) => void;
}) {
  const catalog = useResource((signal) => context.api.get<{ items: string[] }>(`${TENANT}/permissions`, { signal }), []);
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const create = useSubmit(() => context.api.post<Role>(`${TENANT}/roles`, { name, permissions: [...chosen] }));
  const send = () => void create.submit().then((role) => role && onCreated(role));
  // Grouped by who declares them: `kernel`, `core-sales`, …
  const groups = new Map<string, string[]>();
  for (const permission of catalog.data?.items ?? []) {
    const owner = permission.split(':')[0]!;
    groups.set(owner, [...(groups.get(owner) ?? []), permission]);
  }
  const problemOfPermissions = Object.entries(create.problems).find(([field]) => field.startsWith('permissions'))?.[1];
  return (
    <FormDialog
      title="New role"
      submitLabel="Create role"
      busy={create.busy}
      problem={create.problems['']}
      onSubmit={send}
      onClose={onClose}
    >
      <Field label="Name" name="roleName" problem={create.problems.name} required>
        <TextInput name="roleName" value={name} onValue={setName} placeholder="Shift lead" />
      </Field>
      {catalog.error !== undefined && <ProblemNotice error={catalog.error} what="Loading the permissions" onRetry={catalog.reload} />}
      <fieldset class="k-choices" aria-describedby={problemOfPermissions ? 'role-permissions-problem' : undefined}>
        <legend>Permissions</legend>
        {[...groups.entries()].map(([owner, permissions]) => (
          <div key={owner} class="k-choices__grid">
            <Subheading>{owner}</Subheading>
            {permissions.map((permission) => (
              <Checkbox
                key={permission}
                name={permission}
                label={permission.slice(owner.length + 1)}
                checked={chosen.has(permission)}
                onValue={(on) => {
                  const next = new Set(chosen);
                  if (on) next.add(permission);
                  else next.delete(permission);
                  setChosen(next);
                }}
              />
            ))}
          </div>
        ))}
        {problemOfPermissions && (
          <p id="role-permissions-problem" class="k-form__problems" role="alert">
            {problemOfPermissions}
          </p>
        )}
      </fieldset>
      <button type="submit" hidden />
    </FormDialog>
  );
}
