import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import { OfficeApiError } from '@kits/plugin-sdk/office';
import {
  Badge,
  Button,
  Card,
  DataTable,
  FormProblem,
  Muted,
  PageHeader,
  ProblemNotice,
  Row,
  Select,
  Spinner,
  Stack,
  TwoLine,
  problemText,
  tableHeight,
  useResource,
  useSubmit,
  type Column,
} from '@kits/ui-kit';
import { useEffect, useState } from 'preact/hooks';
import { API, MANAGE, type AccountMapping, type AccountingStatus, type NeededAccount, type TaxCodeMapping } from '../accounting-api.ts';
import { ConnectFirst } from '../connect-first.tsx';
import {
  accountOptions,
  choicesOf,
  hasChanges,
  mappingUpdate,
  neededKey,
  problemsByRow,
  showsSuggestedRate,
  showsSuggestion,
  stillUnchosen,
  taxCodeKey,
  taxRateOptions,
  type MappingChoices,
} from './mapping-choices.ts';

const ROW_HEIGHT = 60;

/**
 * Accounting → Account mapping: which of the connected company's accounts each journal line posts
 * to, and which tax rate each of KiTS's tax codes carries there. Rows not mapped yet start on a
 * suggestion by name (marked), so accepting them is one Save.
 */
export function mappingPage(context: OfficePluginContext) {
  return function MappingPage(_props: OfficePageProps) {
    const mapping = useResource((signal) => context.api.get<AccountMapping>(`${API}/mapping`, { signal }), []);
    const notConnected = mapping.error instanceof OfficeApiError && mapping.error.problem.code === 'accounting.not_connected';
    // Why it is not connected (none enabled, or the provider needs connecting), and whether the mapping is complete.
    const status = useResource((signal) => context.api.get<AccountingStatus>(`${API}/status`, { signal }), [mapping.data]);
    return (
      <>
        <PageHeader title="Account mapping" subtitle="Where each line of a day's journal goes in your accounting system" />
        {notConnected && status.data && <ConnectFirst status={status.data} />}
        {notConnected && status.error !== undefined && (
          <ProblemNotice error={mapping.error} what="Loading the accounts" onRetry={mapping.reload} />
        )}
        {mapping.error !== undefined && !notConnected && (
          <ProblemNotice error={mapping.error} what="Loading the accounts" onRetry={mapping.reload} />
        )}
        {!mapping.data && mapping.loading && <Spinner label="Loading the accounts…" />}
        {mapping.data && (
          <MappingForm context={context} mapping={mapping.data} complete={status.data?.mappingComplete ?? true} onSaved={mapping.reload} />
        )}
      </>
    );
  };
}

function MappingForm({
  context,
  mapping,
  complete,
  onSaved,
}: {
  context: OfficePluginContext;
  mapping: AccountMapping;
  /** Whether the server holds an answer for every line and tax code (GET /status): Save stays offered until it does. */
  complete: boolean;
  onSaved(): void;
}) {
  const mayManage = context.session.may(MANAGE);
  const [choices, setChoices] = useState<MappingChoices>(() => choicesOf(mapping));
  useEffect(() => setChoices(choicesOf(mapping)), [mapping]);
  const update = mappingUpdate(mapping, choices);
  const save = useSubmit(async () => {
    await context.api.put(`${API}/mapping`, update);
    const left = stillUnchosen(mapping, choices).length;
    context.toasts.show(
      left === 0 ? 'Account mapping saved: every line has an account' : `Account mapping saved; ${left} still to map`,
      'success',
    );
    onSaved();
    return update;
  });
  const byRow = problemsByRow(update, save.problems);
  const named = Object.keys(byRow).length > 0;
  const setAccount = (row: NeededAccount, value: string) =>
    setChoices({ ...choices, accounts: { ...choices.accounts, [neededKey(row)]: value } });
  const setTaxRate = (row: TaxCodeMapping, value: string) =>
    setChoices({ ...choices, taxCodes: { ...choices.taxCodes, [row.taxCode]: value } });

  const accountColumns: Column<NeededAccount>[] = [
    {
      key: 'label',
      title: 'Journal line',
      width: 'minmax(120px, 1fr)',
      render: (row) => <TwoLine primary={row.label} secondary={<AccountState row={row} choices={choices} />} />,
    },
    {
      key: 'account',
      title: 'Account',
      width: 'minmax(190px, 2fr)',
      render: (row) => (
        <TwoLine
          primary={
            <Select
              name={`account-${neededKey(row)}`}
              aria-label={`Account for ${row.label}`}
              value={choices.accounts[neededKey(row)] ?? ''}
              options={accountOptions(mapping, row)}
              onValue={(value) => setAccount(row, value)}
              disabled={!mayManage}
              invalid={byRow[neededKey(row)] !== undefined}
            />
          }
          secondary={
            byRow[neededKey(row)] ? (
              <span class="k-field__problem" role="alert">
                {byRow[neededKey(row)]}
              </span>
            ) : undefined
          }
        />
      ),
    },
  ];
  const taxColumns: Column<TaxCodeMapping>[] = [
    {
      key: 'taxCode',
      title: 'Tax code in KiTS',
      width: 'minmax(120px, 1fr)',
      render: (row) => (
        <TwoLine primary={row.taxCode} secondary={showsSuggestedRate(row, choices) ? <Badge tone="info">Suggested</Badge> : undefined} />
      ),
    },
    {
      key: 'taxRate',
      title: 'Tax rate',
      width: 'minmax(190px, 2fr)',
      render: (row) => (
        <TwoLine
          primary={
            <Select
              name={`tax-${row.taxCode}`}
              aria-label={`Tax rate for ${row.taxCode}`}
              value={choices.taxCodes[row.taxCode] ?? ''}
              options={taxRateOptions(mapping, row)}
              onValue={(value) => setTaxRate(row, value)}
              disabled={!mayManage}
              invalid={byRow[taxCodeKey(row.taxCode)] !== undefined}
            />
          }
          secondary={
            byRow[taxCodeKey(row.taxCode)] ? (
              <span class="k-field__problem" role="alert">
                {byRow[taxCodeKey(row.taxCode)]}
              </span>
            ) : undefined
          }
        />
      ),
    },
  ];
  const unchosen = stillUnchosen(mapping, choices).length;

  return (
    <form
      noValidate
      class="k-stack k-gap-4"
      aria-label="Account mapping"
      onSubmit={(event) => {
        event.preventDefault();
        void save.submit();
      }}
    >
      <FormProblem>{save.error !== undefined && !named ? problemText(save.error) : undefined}</FormProblem>
      <Card title="Accounts">
        <Stack>
          <Muted>
            Each line of a day's journal posts to one account of your company. Lines not mapped yet start on the account whose name fits
            (marked “suggested”); a day is exported only once every line it uses has an account.
          </Muted>
          <DataTable<NeededAccount>
            label="Accounts"
            columns={accountColumns}
            rows={mapping.needed}
            rowKey={neededKey}
            rowHeight={ROW_HEIGHT}
            height={tableHeight(mapping.needed.length, 14, ROW_HEIGHT)}
          />
        </Stack>
      </Card>
      <Card title="Tax rates">
        <Stack>
          <Muted>The tax rate each of KiTS's tax codes carries on sales, discount and refund lines in your accounting system.</Muted>
          <DataTable<TaxCodeMapping>
            label="Tax rates"
            columns={taxColumns}
            rows={mapping.taxCodes}
            rowKey={(row) => row.taxCode}
            rowHeight={ROW_HEIGHT}
            height={tableHeight(mapping.taxCodes.length, 10, ROW_HEIGHT)}
            empty={<Muted>No sale has carried a tax code yet: they are listed here once sales are recorded.</Muted>}
          />
        </Stack>
      </Card>
      {mayManage && (
        <Row space={3}>
          <Button type="submit" variant="primary" busy={save.busy} disabled={complete && !hasChanges(mapping, choices)}>
            Save mapping
          </Button>
          {unchosen > 0 && (
            <Muted as="span">{unchosen === 1 ? '1 line still has no account' : `${unchosen} lines still have no account`}</Muted>
          )}
        </Row>
      )}
    </form>
  );
}

/** Under a line's name: whether its account is the suggestion, changed, or missing, then its role and key. */
function AccountState({ row, choices }: { row: NeededAccount; choices: MappingChoices }) {
  const chosen = choices.accounts[neededKey(row)] ?? '';
  const badge = showsSuggestion(row, choices) ? (
    <Badge tone="info">Suggested</Badge>
  ) : chosen === '' ? (
    <Badge tone="warning">Not mapped</Badge>
  ) : chosen !== row.accountId ? (
    <Badge tone="neutral">Changed</Badge>
  ) : null;
  return (
    <>
      {badge} {row.key ? `${row.role} · ${row.key}` : row.role}
    </>
  );
}
