import { describe, expect, it } from 'vitest';
import {
  AccountingNotConnectedError,
  AccountingRateLimitedError,
  AccountingRejectedError,
  type AccountingConnection,
  type AccountingService,
  type PostedJournal,
  type ProviderJournal,
} from '../accounting-capability.ts';
import { accountingContract, type AccountingDoubleControl } from '../test-kit/accounting-contract.ts';

/**
 * The accounting@1 contract kit against an in-memory accounting system: a provider that keeps the
 * contract passes every case (also one that posts a journal as two documents and, after a lost
 * answer, completes the set under the same key), and the kit fails one that posts twice under a key
 * (whether or not its findJournal sees the timed-out journal), or that swallows a 429 (retries it
 * itself and answers as if nothing happened).
 */

type Failure = Parameters<AccountingDoubleControl['failNextWith']>[0];

/** The accounting system: its chart, its journals by idempotency key, and the failure it answers next. */
class InMemoryLedger implements AccountingDoubleControl {
  /** The documents stored: a journal, or one part of a journal posted as several documents. */
  readonly journals: Array<{ id: string; key: string; part: number; journal: ProviderJournal }> = [];
  private next: Failure | null = null;
  revoked = false;

  failNextWith(kind: Failure): void {
    this.next = kind;
  }
  async journalsStored(): Promise<number> {
    return this.journals.length;
  }

  /** One API call: the failure set for it, if any, else `answer`. */
  async call<T>(answer: () => T, store?: () => void): Promise<T> {
    await Promise.resolve();
    if (this.revoked) throw Object.assign(new Error('401 invalid_grant: the refresh token was revoked'), { status: 401 });
    const failure = this.next;
    this.next = null;
    if (failure === 'rate_limit') throw Object.assign(new Error('429 Too Many Requests'), { status: 429, retryAfter: 7 });
    if (failure === 'validation') throw Object.assign(new Error('400'), { status: 400, detail: 'Account 1 is inactive' });
    if (failure === 'revoked') {
      this.revoked = true;
      throw Object.assign(new Error('401 invalid_grant: the refresh token was revoked'), { status: 401 });
    }
    if (failure === 'timeout_after_store') {
      store?.();
      throw new Error('The accounting system did not answer within 30 s (timeout).');
    }
    return answer();
  }
}

const ACCOUNTS = [
  { id: '1', code: '090', name: 'Cash', class: 'asset', type: 'BANK' },
  { id: '2', code: '200', name: 'Sales', class: 'revenue', type: 'REVENUE' },
  { id: '3', code: '820', name: 'VAT', class: 'liability', type: 'CURRLIAB' },
] as const;

interface Faults {
  /** Ignores the idempotency key: every post stores a new journal. */
  readonly postsTwice?: boolean;
  /** Retries a 429 by itself and answers as though there had been none. */
  readonly swallowsRateLimit?: boolean;
  /** findJournal never finds anything. */
  readonly findsNothing?: boolean;
}

interface Style {
  /**
   * Posts each journal as this many documents (like an invoice and its payment), each looked up
   * under the key first; a lost answer leaves only the first stored, and findJournal finds a
   * journal only once all its documents exist. Default 1.
   */
  readonly documents?: number;
}

/** A provider of the in-memory system, with the faults asked for. */
function provider(ledger: InMemoryLedger, faults: Faults = {}, style: Style = {}): AccountingService {
  const parts = style.documents ?? 1;
  let connection: AccountingConnection = { status: 'connected', companyName: 'Demo Company (UK)', currency: 'GBP', reason: null };
  const translate = (error: unknown): never => {
    const status = (error as { status?: number }).status;
    if (status === 429) throw new AccountingRateLimitedError((error as { retryAfter: number }).retryAfter, 'minute');
    if (status === 400) throw new AccountingRejectedError((error as { detail: string }).detail, 'ValidationException');
    if (status === 401) {
      connection = {
        status: 'reconnect_required',
        companyName: connection.companyName,
        currency: connection.currency,
        reason: (error as Error).message,
      };
      throw new AccountingNotConnectedError((error as Error).message);
    }
    throw error;
  };
  const api = async <T>(answer: () => T, store?: () => void): Promise<T> => {
    if (connection.status !== 'connected') throw new AccountingNotConnectedError(connection.reason ?? 'not connected');
    try {
      return await ledger.call(answer, store);
    } catch (error) {
      if (faults.swallowsRateLimit && (error as { status?: number }).status === 429) return ledger.call(answer, store);
      return translate(error);
    }
  };
  const posted = (id: string): PostedJournal => ({ providerId: id, url: `https://ledger.example/journals/${id}` });
  return {
    system: { id: 'in-memory', name: 'In-memory ledger' },
    connection: async () => connection,
    accounts: () => api(() => ACCOUNTS.map((a) => ({ ...a }))),
    taxRates: () => api(() => [{ id: 'OUTPUT2', name: '20% (VAT on Income)', basisPoints: 2000 }]),
    async postJournal(journal, idempotencyKey) {
      const storePart = (part: number) => {
        const existing = faults.postsTwice ? undefined : ledger.journals.find((j) => j.key === idempotencyKey && j.part === part);
        if (existing) return existing;
        const created = { id: `MJ-${ledger.journals.length + 1}`, key: idempotencyKey, part, journal };
        ledger.journals.push(created);
        return created;
      };
      // The journal's id is its first document's; every part is made unless it is there already.
      const store = () => Array.from({ length: parts }, (_, part) => storePart(part))[0]!;
      return api(
        () => posted(store().id),
        () => storePart(0),
      );
    },
    findJournal: (idempotencyKey, journal) =>
      api(() => {
        if (faults.findsNothing) return null;
        const mine = ledger.journals.filter((j) => j.key === idempotencyKey && j.journal.reference === journal.reference);
        const complete = Array.from({ length: parts }, (_, part) => mine.find((j) => j.part === part));
        return complete.every((j) => j !== undefined) ? posted(complete[0]!.id) : null;
      }),
  };
}

describe('the accounting@1 contract kit against a provider that keeps it', () => {
  const ledger = new InMemoryLedger();
  for (const c of accountingContract(() => provider(ledger), { double: ledger })) it(c.name, c.run);
});

describe('the accounting@1 contract kit against a provider that posts a journal as two documents', () => {
  const ledger = new InMemoryLedger();
  for (const c of accountingContract(() => provider(ledger, {}, { documents: 2 }), { double: ledger })) it(c.name, c.run);

  it('after a lost answer, finds nothing until the same key completes the journal', async () => {
    const mine = new InMemoryLedger();
    const cases = accountingContract(() => provider(mine, {}, { documents: 2 }), { double: mine });
    await cases.find((c) => c.name.startsWith('a journal the double stored but whose answer timed out'))!.run();
    // The control journal (2 documents) and the timed-out one: the first part lost its answer, the repeat made the second.
    expect(mine.journals.map((j) => [j.key.replace(/^kits-contract-\w+-/, ''), j.part])).toEqual([
      ['1-control', 0],
      ['1-control', 1],
      ['1', 0],
      ['1', 1],
    ]);
  });
});

describe('the kit fails a provider that breaks the contract', () => {
  const caseNamed = (cases: ReturnType<typeof accountingContract>, start: string) => cases.find((c) => c.name.startsWith(start))!;

  it('one that posts twice under the same key', async () => {
    const ledger = new InMemoryLedger();
    const cases = accountingContract(() => provider(ledger, { postsTwice: true }), { double: ledger });
    await expect(caseNamed(cases, 'the same key posted again').run()).rejects.toThrow(
      /accounting@1 contract: expected the same journal MJ-1/,
    );
    await expect(caseNamed(cases, 'a journal the double stored but whose answer timed out').run()).rejects.toThrow(
      /accounting@1 contract: expected a repeat under the same key answers/,
    );
    // Whose findJournal misses the timed-out journal: the repeat posts it a second time.
    const blind = new InMemoryLedger();
    const blindCases = accountingContract(() => provider(blind, { postsTwice: true, findsNothing: true }), { double: blind });
    await expect(caseNamed(blindCases, 'a journal the double stored but whose answer timed out').run()).rejects.toThrow(
      /accounting@1 contract: expected exactly one posting's documents \(1\) stored under the key: nothing posted twice; the provider answered 2/,
    );
    // What it does keep, the kit passes.
    await expect(caseNamed(cases, "lists the connected company's").run()).resolves.toBeUndefined();
  });

  it('one that swallows a 429', async () => {
    const ledger = new InMemoryLedger();
    const cases = accountingContract(() => provider(ledger, { swallowsRateLimit: true }), { double: ledger });
    await expect(caseNamed(cases, 'a 429 surfaces as AccountingRateLimitedError').run()).rejects.toThrow(
      /accounting@1 contract: expected the call to fail/,
    );
  });
});
