import type { DoubleCompany } from './company.ts';
import { now, queryParserError, type DoubleAnswer } from './faults.ts';

/**
 * The subset of Intuit's query language KiTS uses (`GET /v3/company/{realmId}/query?query=`):
 * `select * from <Entity> [where <Field> = '<text>' | true | false] [STARTPOSITION n] [MAXRESULTS n]`.
 * Intuit answers `{ QueryResponse: { <Entity>: [...], startPosition, maxResults }, time }`, and
 * `QueryResponse: {}` when nothing matched. Anything else is a QueryParserError (4000), as Intuit
 * answers a statement it cannot parse.
 */
const STATEMENT =
  /^select \* from (\w+)(?: where (\w+) = ('(?:[^'\\]|\\.)*'|true|false))?(?: startposition (\d+))?(?: maxresults (\d+))?$/i;

/** Intuit's cap on MAXRESULTS. */
const MAX_RESULTS = 1000;

export function answerQuery(company: DoubleCompany, statement: string): DoubleAnswer {
  const match = STATEMENT.exec(statement.trim().replace(/\s+/g, ' '));
  if (!match) return queryParserError(`Encountered an unsupported statement: "${statement}"`);
  const [, entityName, field, literal, start, max] = match;
  const entity = ENTITIES[entityName!.toLowerCase()];
  if (!entity) return queryParserError(`Invalid entity name: ${entityName}`);
  const startPosition = start ? Number(start) : 1;
  const maxResults = max ? Number(max) : 100;
  if (startPosition < 1 || maxResults < 1 || maxResults > MAX_RESULTS)
    return queryParserError(`STARTPOSITION must be 1 or more and MAXRESULTS 1 to ${MAX_RESULTS}`);
  let rows = entity.rows(company);
  if (field) {
    const wanted: unknown = literal === 'true' || literal === 'false' ? literal === 'true' : literal!.slice(1, -1).replace(/\\(.)/g, '$1');
    if (rows.length > 0 && !rows.some((row) => field in row) && !entity.fields.includes(field))
      return queryParserError(`Property ${field} not found for Entity ${entity.name}`);
    rows = rows.filter((row) => row[field] === wanted);
  }
  const page = rows.slice(startPosition - 1, startPosition - 1 + maxResults);
  return {
    status: 200,
    body: { QueryResponse: page.length === 0 ? {} : { [entity.name]: page, startPosition, maxResults: page.length }, time: now() },
  };
}

interface Entity {
  readonly name: string;
  /** Fields that may be queried though absent on a row (optional ones). */
  readonly fields: readonly string[];
  rows(company: DoubleCompany): Record<string, unknown>[];
}

const ENTITIES: Readonly<Record<string, Entity>> = {
  account: { name: 'Account', fields: ['AcctNum'], rows: (c) => c.accounts as unknown as Record<string, unknown>[] },
  taxcode: { name: 'TaxCode', fields: [], rows: (c) => c.taxCodes as unknown as Record<string, unknown>[] },
  taxrate: { name: 'TaxRate', fields: [], rows: (c) => c.taxRates as unknown as Record<string, unknown>[] },
  journalentry: {
    name: 'JournalEntry',
    fields: ['DocNumber', 'PrivateNote'],
    rows: (c) => c.journalEntries as unknown as Record<string, unknown>[],
  },
  preferences: {
    name: 'Preferences',
    fields: [],
    rows: (c) => [{ Id: '1', CurrencyPrefs: { MultiCurrencyEnabled: false, HomeCurrency: { value: c.currency } } }],
  },
  companyinfo: { name: 'CompanyInfo', fields: [], rows: (c) => [companyInfo(c)] },
};

/** CompanyInfo as `GET /companyinfo/{realmId}` and the query answer it. */
export function companyInfo(company: DoubleCompany): Record<string, unknown> {
  return {
    Id: '1',
    SyncToken: '0',
    CompanyName: company.companyName,
    LegalName: `${company.companyName} Ltd`,
    Country: 'GB',
    CompanyStartDate: '2026-01-01',
    FiscalYearStartMonth: 'January',
  };
}
