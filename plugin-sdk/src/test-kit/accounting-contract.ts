import type { AccountingService, PostedJournal, ProviderAccount, ProviderJournal, ProviderJournalLine } from '../accounting-capability.ts';

/** One behaviour every accounting@1 provider has: `it(name, run)` in any test runner. */
export interface AccountingContractCase {
  readonly name: string;
  run(): Promise<void>;
}

/** What the provider's own test makes its HTTP double do next, and what the double holds. */
export interface AccountingDoubleControl {
  /**
   * The double's answer to the provider's next API call (then it answers normally again):
   * `rate_limit` a 429 with Retry-After; `timeout_after_store` stores the journal it is sent and
   * never answers (the provider's request times out); `validation` refuses the journal in the API's
   * own error envelope; `revoked` refuses the access token and every refresh after it (the
   * merchant revoked the connection), until the provider is connected afresh.
   */
  failNextWith(kind: 'rate_limit' | 'timeout_after_store' | 'validation' | 'revoked'): void;
  /** How many journals (or, for a provider that posts several documents per journal, documents) the double holds. */
  journalsStored(): Promise<number>;
}

export interface AccountingContractOptions {
  readonly double: AccountingDoubleControl;
  /** The journals' currency (default: the connection's, else EUR); amounts are small whole minor units. */
  readonly currency?: string;
}

/**
 * The accounting@1 contract as test cases, for any runner:
 *   for (const c of accountingContract(() => connectedProvider(), { double })) it(c.name, c.run);
 * `makeProvider` is called once per case and answers a provider connected to the double (the
 * `revoked` case leaves its connection needing a reconnect). Each case posts under its own
 * idempotency keys and references, so cases share nothing but the double. A failed check throws
 * an Error saying what was expected and what the provider answered.
 */
export function accountingContract(
  makeProvider: () => AccountingService | Promise<AccountingService>,
  options: AccountingContractOptions,
): AccountingContractCase[] {
  const { double } = options;
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  let journals = 0;

  /** A connected provider, and a balanced journal of its own accounts under a fresh key and reference. */
  async function setUp() {
    const provider = await makeProvider();
    const connection = await provider.connection();
    check(connection.status === 'connected', 'connection() answers connected for a provider connected to the double', connection);
    const accounts = await provider.accounts();
    const taxRates = await provider.taxRates();
    const n = ++journals;
    const key = `kits-contract-${run}-${n}`;
    const journal = journalOf(accounts, taxRates[0]?.id ?? null, {
      currency: options.currency ?? connection.currency ?? 'EUR',
      reference: `KiTS contract ${run} ${n}`,
    });
    return { provider, key, journal };
  }

  const post = (provider: AccountingService, journal: ProviderJournal, key: string) => provider.postJournal(journal, key);

  const cases: Array<[string, () => Promise<void>]> = [
    [
      "lists the connected company's accounts and tax rates",
      async () => {
        const provider = await makeProvider();
        const connection = await provider.connection();
        check(connection.status === 'connected', 'status connected', connection);
        check(typeof connection.companyName === 'string' && connection.companyName !== '', 'the company name', connection);
        check(connection.reason === null, 'no reason while connected', connection);
        const accounts = await provider.accounts();
        check(accounts.length > 0, 'at least one account', accounts);
        for (const account of accounts) {
          check(
            typeof account.id === 'string' && account.id !== '' && typeof account.name === 'string' && account.name !== '',
            'an id and a name',
            account,
          );
          check(['asset', 'liability', 'equity', 'revenue', 'expense'].includes(account.class), 'a class of the five', account);
          check(account.code === null || typeof account.code === 'string', 'a code or null', account);
        }
        check(new Set(accounts.map((a) => a.id)).size === accounts.length, 'each account once', accounts);
        for (const cls of ['asset', 'liability', 'revenue'] as const)
          check(
            accounts.some((a) => a.class === cls),
            `an ${cls} account (the double's chart has one)`,
            accounts,
          );
        const taxRates = await provider.taxRates();
        for (const rate of taxRates) {
          check(typeof rate.id === 'string' && rate.id !== '' && typeof rate.name === 'string', 'a tax rate with an id and a name', rate);
          check(rate.basisPoints === null || Number.isInteger(rate.basisPoints), 'basis points as a whole number, or null', rate);
        }
      },
    ],
    [
      'posts a balanced journal, and findJournal finds it by its key; an unknown key is not found',
      async () => {
        const { provider, key, journal } = await setUp();
        check((await provider.findJournal(key, journal)) === null, 'findJournal answers null before anything is posted', key);
        const before = await double.journalsStored();
        const posted = await post(provider, journal, key);
        expectPosted(posted);
        check((await double.journalsStored()) > before, 'the double holds the journal', await double.journalsStored());
        const found = await provider.findJournal(key, journal);
        check(found?.providerId === posted.providerId, `findJournal finds ${posted.providerId}`, found);
        check(
          (await provider.findJournal(`${key}-none`, { ...journal, reference: `${journal.reference} none` })) === null,
          'null for a key never posted',
          key,
        );
      },
    ],
    [
      'the same key posted again, or raced, posts once and answers the same journal',
      async () => {
        const { provider, key, journal } = await setUp();
        const before = await double.journalsStored();
        const first = await post(provider, journal, key);
        const stored = await double.journalsStored();
        check(stored > before, 'the first post stores the journal', stored);
        const again = await post(provider, journal, key);
        const raced = await Promise.all([1, 2, 3, 4].map(() => post(provider, journal, key)));
        for (const answer of [again, ...raced])
          check(answer.providerId === first.providerId, `the same journal ${first.providerId}`, answer);
        check(
          (await double.journalsStored()) === stored,
          `nothing more stored than the first post (${stored - before})`,
          await double.journalsStored(),
        );
      },
    ],
    [
      'a journal the double stored but whose answer timed out is found, or completed by the same key, and never posted twice',
      async () => {
        const { provider, key, journal } = await setUp();
        // What one posting of this journal leaves in the double (a provider may post a day as several
        // documents), learnt from the same journal posted normally under another key and reference.
        const control = await double.journalsStored();
        expectPosted(await post(provider, { ...journal, reference: `${journal.reference} control` }, `${key}-control`));
        const before = await double.journalsStored();
        const onePosting = before - control;
        check(onePosting > 0, 'a posting to store at least one document', onePosting);

        double.failNextWith('timeout_after_store');
        const error = await failure(post(provider, journal, key));
        check(
          !isNamed(error, 'AccountingRejectedError') &&
            !isNamed(error, 'AccountingNotConnectedError') &&
            !isNamed(error, 'AccountingRateLimitedError'),
          'a failure whose outcome is unknown (not rejected, rate limited or not connected: those say nothing was posted)',
          describe(error),
        );
        const stored = await double.journalsStored();
        check(stored > before, 'the double stored the journal (or part of it) before the answer was lost', stored);
        check(stored - before <= onePosting, `no more than one posting's documents (${onePosting}) stored`, stored - before);

        // Either findJournal finds what the lost answer was for, or (the posting's documents are not all
        // there yet) it answers null and a post under the same key completes that posting.
        const found = await provider.findJournal(key, journal);
        if (found !== null) check(found.providerId !== '', "the provider's id of the journal found", found);
        const retried = await post(provider, journal, key);
        expectPosted(retried);
        if (found !== null)
          check(retried.providerId === found.providerId, `a repeat under the same key answers ${found.providerId}`, retried);
        check(
          (await double.journalsStored()) - before === onePosting,
          `exactly one posting's documents (${onePosting}) stored under the key: nothing posted twice`,
          (await double.journalsStored()) - before,
        );
        const complete = await provider.findJournal(key, journal);
        check(complete?.providerId === retried.providerId, `findJournal then finds ${retried.providerId}`, complete);
        const again = await post(provider, journal, key);
        check(again.providerId === retried.providerId, `another repeat under the same key answers ${retried.providerId}`, again);
        check(
          (await double.journalsStored()) - before === onePosting,
          'still nothing posted twice',
          (await double.journalsStored()) - before,
        );
      },
    ],
    [
      'a 429 surfaces as AccountingRateLimitedError with when to retry, posts nothing, and the retry posts once',
      async () => {
        const { provider, key, journal } = await setUp();
        const before = await double.journalsStored();
        double.failNextWith('rate_limit');
        const error = await failure(post(provider, journal, key));
        check(isNamed(error, 'AccountingRateLimitedError'), 'an AccountingRateLimitedError', describe(error));
        const limited = error as { retryAfterSeconds?: unknown; limit?: unknown };
        check(
          typeof limited.retryAfterSeconds === 'number' && Number.isFinite(limited.retryAfterSeconds) && limited.retryAfterSeconds > 0,
          'retryAfterSeconds > 0 (from Retry-After)',
          describe(error),
        );
        check(typeof limited.limit === 'string' && limited.limit !== '', 'which limit it was', describe(error));
        check((await double.journalsStored()) === before, 'nothing stored by a refused request', await double.journalsStored());
        const posted = await post(provider, journal, key);
        expectPosted(posted);
        check((await double.journalsStored()) > before, 'the retry stores the journal', await double.journalsStored());
      },
    ],
    [
      "a validation refusal surfaces as AccountingRejectedError with the provider's message, and posts nothing",
      async () => {
        const { provider, key, journal } = await setUp();
        const before = await double.journalsStored();
        double.failNextWith('validation');
        const error = await failure(post(provider, journal, key));
        check(isNamed(error, 'AccountingRejectedError'), 'an AccountingRejectedError', describe(error));
        const rejected = error as Error & { providerMessage?: unknown };
        check(
          typeof rejected.providerMessage === 'string' && rejected.providerMessage.trim() !== '',
          "the provider's own message",
          describe(error),
        );
        check(rejected.message.includes(rejected.providerMessage as string), 'the message carries the provider’s words', describe(error));
        check((await double.journalsStored()) === before, 'nothing stored', await double.journalsStored());
      },
    ],
    [
      'a revoked connection (its refresh fails) surfaces as AccountingNotConnectedError and the connection asks for a reconnect',
      async () => {
        const { provider, key, journal } = await setUp();
        const before = await double.journalsStored();
        double.failNextWith('revoked');
        const error = await failure(post(provider, journal, key));
        check(isNamed(error, 'AccountingNotConnectedError'), 'an AccountingNotConnectedError', describe(error));
        const reason = (error as { reason?: unknown }).reason;
        check(typeof reason === 'string' && reason.trim() !== '', 'a reason the merchant can read', describe(error));
        const connection = await provider.connection();
        check(connection.status === 'reconnect_required', 'connection() then answers reconnect_required', connection);
        check(typeof connection.reason === 'string' && connection.reason !== '', 'with the reason', connection);
        check((await double.journalsStored()) === before, 'nothing stored', await double.journalsStored());
        const again = await failure(provider.accounts());
        check(isNamed(again, 'AccountingNotConnectedError'), 'accounts() refused the same way until reconnected', describe(again));
      },
    ],
  ];
  return cases.map(([name, run]) => ({ name, run }));
}

/** A journal of the provider's own accounts: 11.50 taken against 10.00 of sales and 1.50 of tax. */
function journalOf(
  accounts: readonly ProviderAccount[],
  taxRateId: string | null,
  header: { currency: string; reference: string },
): ProviderJournal {
  const of = (cls: ProviderAccount['class']) => accounts.find((a) => a.class === cls);
  const asset = of('asset');
  const revenue = of('revenue');
  const liability = of('liability') ?? revenue;
  check(asset !== undefined && revenue !== undefined && liability !== undefined, 'an asset and a revenue account to post to', accounts);
  const line = (l: Omit<ProviderJournalLine, 'debit' | 'credit'> & { amount: number }): ProviderJournalLine => ({
    role: l.role,
    key: l.key,
    accountId: l.accountId,
    taxRateId: l.taxRateId,
    debit: l.amount > 0 ? l.amount : 0,
    credit: l.amount < 0 ? -l.amount : 0,
    description: l.description,
  });
  return {
    date: new Date().toISOString().slice(0, 10),
    currency: header.currency,
    reference: header.reference,
    memo: 'KiTS accounting@1 contract',
    lines: [
      line({ role: 'sales', key: 'VAT 15%', accountId: revenue!.id, taxRateId, description: 'Net sales · VAT 15%', amount: -1000 }),
      line({ role: 'tax', key: 'VAT 15%', accountId: liability!.id, taxRateId: null, description: 'Tax · VAT 15%', amount: -150 }),
      line({ role: 'tender', key: 'cash', accountId: asset!.id, taxRateId: null, description: 'Cash', amount: 1150 }),
    ],
  };
}

function expectPosted(posted: PostedJournal): void {
  check(typeof posted?.providerId === 'string' && posted.providerId !== '', "the provider's id of the journal", posted);
  check(posted.url === null || typeof posted.url === 'string', 'a url or null', posted);
}

/**
 * The error's class by name: a provider loaded from the SDK's build and a kit loaded from its
 * sources hold different classes of the same name.
 */
function isNamed(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}

async function failure(call: Promise<unknown>): Promise<unknown> {
  let answer: unknown;
  try {
    answer = await call;
  } catch (error) {
    return error;
  }
  return check(false, 'the call to fail', answer);
}

const describe = (error: unknown) =>
  error instanceof Error ? { name: error.name, message: error.message, ...Object.fromEntries(Object.entries(error)) } : error;

function check(condition: boolean, expected: string, actual: unknown): asserts condition {
  if (!condition) throw new Error(`accounting@1 contract: expected ${expected}; the provider answered ${JSON.stringify(actual)}`);
}
