import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  Button,
  Card,
  Checkbox,
  Columns,
  DataTable,
  EmptyState,
  Field,
  FormProblem,
  NumberInput,
  PageHeader,
  ProblemNotice,
  Row,
  Stack,
  TextInput,
  TwoLine,
  tableHeight,
  useResource,
  useSubmit,
  type Column,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { RULE_KIND_INFO } from '../shared/rule-kinds.ts';
import { API, listRules, type OfficeRule } from './notifications-api.ts';
import { PushToggle } from './push-toggle.tsx';
import { RuleDialog } from './rule-dialog.tsx';

interface MailSettings {
  officeUrl?: string;
  smtp?: { host?: string; port?: number; secure?: boolean; user?: string; from?: string };
}

/** Rules (what, where, to whom, digest, quiet hours, push), the SMTP account with a test send, and push in this browser. */
export function settingsPage(context: OfficePluginContext) {
  return function NotificationSettingsPage() {
    const rules = useResource((signal) => listRules(context, signal), []);
    const [editing, setEditing] = useState<OfficeRule | 'new' | undefined>();
    const locationName = (id: string | null) =>
      id ? (context.session.locations.find((l) => l.id === id)?.name ?? 'A location') : 'Every location';
    const rows = rules.data ?? [];
    const columns: Column<OfficeRule>[] = [
      {
        key: 'kind',
        title: 'Notify about',
        width: 'minmax(160px, 1.5fr)',
        render: (r) => (
          <TwoLine
            primary={<strong>{RULE_KIND_INFO[r.kind].title}</strong>}
            secondary={RULE_KIND_INFO[r.kind].perLocation ? locationName(r.locationId) : 'Whole business'}
          />
        ),
      },
      {
        key: 'to',
        title: 'Email to',
        width: 'minmax(160px, 1.5fr)',
        render: (r) => (r.recipients.length > 0 ? r.recipients.join(', ') : <span class="k-muted">Centre and push only</span>),
      },
      {
        key: 'how',
        title: 'How',
        width: 'minmax(170px, 1.5fr)',
        render: (r) => (
          <span>
            {r.digest ? <Badge tone="info">Hourly digest</Badge> : null}{' '}
            {r.quietHours ? <Badge tone="neutral">{`Quiet ${r.quietHours.start}–${r.quietHours.end}`}</Badge> : null}{' '}
            {r.push ? <Badge tone="neutral">Push</Badge> : null}
          </span>
        ),
      },
      {
        key: 'on',
        title: 'State',
        width: '90px',
        render: (r) => (r.enabled ? <Badge tone="success">On</Badge> : <Badge tone="neutral">Off</Badge>),
      },
      {
        key: 'edit',
        title: '',
        width: '120px',
        align: 'end',
        render: (r) => (
          <Button size="sm" variant="secondary" onClick={() => setEditing(r)}>
            Change
          </Button>
        ),
      },
    ];
    return (
      <>
        <PageHeader
          title="Notification settings"
          subtitle="Who hears about what, and how: email, the bell and web push"
          actions={
            <Button variant="primary" onClick={() => setEditing('new')}>
              Add rule
            </Button>
          }
        />
        <Stack space={5}>
          <Card title="Rules">
            {rules.error ? <ProblemNotice error={rules.error} what="Loading rules" onRetry={rules.reload} /> : null}
            <DataTable
              label="Notification rules"
              columns={columns}
              rows={rows}
              rowKey={(r) => r.id}
              loading={rules.loading}
              height={tableHeight(rows.length)}
              empty={<EmptyState title="No rules yet">Add a rule: low stock, overdue orders, stuck tills…</EmptyState>}
            />
          </Card>
          <Columns min="wide">
            <MailCard context={context} />
            <Card title="Web push">
              <PushToggle context={context} />
            </Card>
          </Columns>
        </Stack>
        {editing ? (
          <RuleDialog
            context={context}
            rule={editing === 'new' ? undefined : editing}
            onClose={() => setEditing(undefined)}
            onSaved={() => {
              setEditing(undefined);
              rules.reload();
              context.toasts.show('Rule saved', 'success');
            }}
          />
        ) : null}
      </>
    );
  };
}

/** The SMTP account mail goes out through (tenant settings; the password is a secret the kernel never answers) and a test send. */
function MailCard({ context }: { context: OfficePluginContext }) {
  const saved = context.settings as MailSettings;
  const [officeUrl, setOfficeUrl] = useState(saved.officeUrl ?? `${location.origin}/office`);
  const [host, setHost] = useState(saved.smtp?.host ?? '');
  const [port, setPort] = useState<number | undefined>(saved.smtp?.port ?? 587);
  const [secure, setSecure] = useState(saved.smtp?.secure ?? false);
  const [user, setUser] = useState(saved.smtp?.user ?? '');
  const [password, setPassword] = useState('');
  const [from, setFrom] = useState(saved.smtp?.from ?? '');
  const [testTo, setTestTo] = useState('');
  const save = useSubmit(async () => {
    const smtp = {
      ...(host ? { host } : {}),
      ...(port !== undefined ? { port } : {}),
      secure,
      ...(user ? { user } : {}),
      ...(from ? { from } : {}),
      ...(password ? { password } : {}),
    };
    await context.api.put('/api/v1/plugins/notifications/settings', { officeUrl, smtp });
    setPassword('');
    context.toasts.show('Mail settings saved', 'success');
  });
  const test = useSubmit(async () => {
    await context.api.post(`${API}/smtp/test`, { to: testTo });
    context.toasts.show(`Test email sent to ${testTo}`, 'success');
  });
  const p = (path: string) => save.problems[path];
  return (
    <Card title="Outgoing mail (SMTP)">
      <Stack space={3}>
        {save.problems[''] ? <FormProblem>{save.problems['']}</FormProblem> : null}
        <Field label="Back office address" name="officeUrl" hint="Emails link to pages below it." problem={p('officeUrl')}>
          <TextInput name="officeUrl" type="url" value={officeUrl} onValue={setOfficeUrl} />
        </Field>
        <Row space={3}>
          <Field label="SMTP host" name="host" problem={p('smtp.host')}>
            <TextInput name="host" value={host} onValue={setHost} placeholder="smtp.example.com" />
          </Field>
          <Field label="Port" name="port" problem={p('smtp.port')}>
            <NumberInput name="port" value={port} min={1} max={65535} onValue={setPort} />
          </Field>
        </Row>
        <Checkbox name="secure" checked={secure} onValue={setSecure} label="TLS from the start (port 465)" />
        <Row space={3}>
          <Field label="User name" name="user" problem={p('smtp.user')}>
            <TextInput name="user" value={user} onValue={setUser} />
          </Field>
          <Field label="Password" name="password" hint="Leave empty to keep the stored one." problem={p('smtp.password')}>
            <TextInput name="password" type="password" value={password} onValue={setPassword} />
          </Field>
        </Row>
        <Field label="From address" name="from" problem={p('smtp.from')}>
          <TextInput name="from" type="email" value={from} onValue={setFrom} placeholder="alerts@your-shop.com" />
        </Field>
        <Row space={2}>
          <Button variant="primary" busy={save.busy} onClick={() => void save.submit()}>
            Save mail settings
          </Button>
        </Row>
        <Field label="Send a test email to" name="testTo" problem={test.problems['to'] ?? test.problems['']}>
          <TextInput name="testTo" type="email" value={testTo} onValue={setTestTo} placeholder="you@your-shop.com" />
        </Field>
        <Row space={2}>
          <Button variant="secondary" busy={test.busy} onClick={() => void test.submit()}>
            Send test email
          </Button>
        </Row>
      </Stack>
    </Card>
  );
}
