import { Badge, DataTable, DateTime, TimeAgo, TwoLine, tableHeight, type Column } from '@kits/ui-kit';
import type { ComponentChildren } from 'preact';
import type { SignInSession } from './account-api.ts';

const CLIENTS: Record<SignInSession['client'], string> = { office: 'Back office', till: 'Till' };
const METHODS: Record<SignInSession['method'], string> = { password: 'Password', sso: 'Company account', pin: 'PIN' };

const BROWSERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\bOPR\//, 'Opera'],
  [/\bElectron\//, 'KiTS app'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\b(Chrome|CriOS|HeadlessChrome|Chromium)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];
const SYSTEMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\biPhone\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

/** A browser's user agent as a person names it: "Chrome on macOS", "Firefox on Windows"; an unknown one cut short. */
export function browserSummary(userAgent: string | null): string {
  if (!userAgent) return 'Unknown browser';
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  if (browser ?? system) return (browser ?? system)!;
  return userAgent.length > 40 ? `${userAgent.slice(0, 40)}…` : userAgent;
}

/** Where a session signed in: the client, then the till's name or the browser. */
export const whereText = (session: SignInSession): { client: string; detail: string } => ({
  client: CLIENTS[session.client] ?? session.client,
  detail: session.deviceName ?? browserSummary(session.userAgent),
});

/**
 * A person's open sessions — where, how, from which address, since when, last active — as the
 * account page and a staff member's page list them; the current one is marked "This session",
 * and `actions` draws each other row's buttons (the account page's "End").
 */
export function SessionsTable({
  label,
  sessions,
  loading,
  actions,
}: {
  label: string;
  sessions: readonly SignInSession[];
  loading: boolean;
  actions?: (session: SignInSession) => ComponentChildren;
}) {
  const columns: Column<SignInSession>[] = [
    {
      key: 'where',
      title: 'Where',
      width: 'minmax(150px, 1.5fr)',
      render: (session) => {
        const { client, detail } = whereText(session);
        return <TwoLine primary={client} secondary={detail || undefined} />;
      },
    },
    {
      key: 'method',
      title: 'How',
      width: 'minmax(135px, 1fr)',
      render: (session) => `${METHODS[session.method] ?? session.method}${session.secondFactor ? ' and code' : ''}`,
    },
    { key: 'address', title: 'Address', width: 'minmax(95px, 0.8fr)', render: (session) => session.address ?? '—' },
    {
      key: 'createdAt',
      title: 'Signed in',
      width: 'minmax(165px, 1fr)',
      sortValue: (session) => session.createdAt,
      render: (session) => <DateTime value={session.createdAt} />,
    },
    {
      key: 'lastUsedAt',
      title: 'Last active',
      width: 'minmax(95px, 0.8fr)',
      sortValue: (session) => session.lastUsedAt,
      render: (session) => <TimeAgo value={session.lastUsedAt} />,
    },
    // The session this browser signed in with is marked; the others get the caller's buttons.
    {
      key: 'actions',
      title: '',
      width: '130px',
      align: 'end',
      render: (session) => (session.current ? <Badge tone="success">This session</Badge> : actions?.(session)),
    },
  ];
  return (
    <DataTable
      label={label}
      columns={columns}
      rows={sessions}
      rowKey={(session) => session.id}
      loading={loading}
      empty="No open sessions."
      rowHeight={52}
      height={tableHeight(sessions.length, 8, 52)}
    />
  );
}
