import { badRequest, currencyExponent, isCurrencyCode, type AcceptedCurrencies, type TenantTransaction } from '@kits/plugin-sdk';
import { decimalToMinor, minorToDecimal } from '@kits/plugin-sdk/money';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { checkBarcode } from '../../shared/barcode.ts';
import { createProduct } from './product-store.ts';
import type { ProductInput } from './schemas.ts';

/**
 * The catalog CSV, one row per variant; rows with the same `product` form one product.
 *   product,sku,unit,tax_class,options,barcodes,currency,price,cost
 *   "Cotton Tee",TEE-M-RED,piece,standard,size=M;colour=red,4006381333931|SHELF-1,EUR,19.99,6.50
 * `options` are axis=value pairs separated by `;`; `barcodes` are separated by `|`; `price` and
 * `cost` are decimal amounts in the row's currency, with at most its ISO 4217 minor-unit digits
 * (19.99 EUR, 1999 JPY, 1.999 KWD), converted to minor units exactly (no floats).
 */
export const CSV_COLUMNS = ['product', 'sku', 'unit', 'tax_class', 'options', 'barcodes', 'currency', 'price', 'cost'] as const;
type Column = (typeof CSV_COLUMNS)[number];

export interface ImportProblem {
  readonly line: number;
  readonly column: Column | null;
  readonly message: string;
}

/** A stored currency's digits (2 for one no longer in the table, as stored amounts were cents then). */
const exponentOf = (currency: string | null): number => (isCurrencyCode(currency?.trim()) ? currencyExponent(currency!.trim()) : 2);
/** Control characters (C0, DEL, C1), refused in names and codes as the API's schemas refuse them. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const UNITS = new Set(['piece', 'gram', 'millilitre']);

/** Parses and checks every row; all problems are returned at once, with line and column. */
export interface ParsedCatalog {
  readonly products: ProductInput[];
  readonly problems: ImportProblem[];
  /** The line each SKU and barcode is on, to report clashes with the existing catalog. */
  readonly lines: ReadonlyMap<string, number>;
}

/** Parses and checks every row: with `accepted`, a price or cost in a currency the tenant does not take here is a problem too. */
export function parseCatalogCsv(text: string, accepted?: AcceptedCurrencies): ParsedCatalog {
  const problems: ImportProblem[] = [];
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, info: true, bom: true }) as typeof records;
  } catch (error) {
    const lines = (error as { lines?: number }).lines ?? 1;
    return {
      products: [],
      lines: new Map(),
      problems: [{ line: lines, column: null, message: `the file is not valid CSV: ${(error as Error).message}` }],
    };
  }
  const header = Object.keys(records[0]?.record ?? {});
  const missing = CSV_COLUMNS.filter((column) => !header.includes(column) && ['product', 'sku', 'unit'].includes(column));
  const unknown = header.filter((column) => !(CSV_COLUMNS as readonly string[]).includes(column));
  if (records.length === 0)
    return { products: [], lines: new Map(), problems: [{ line: 1, column: null, message: 'the file has no rows' }] };
  if (missing.length > 0 || unknown.length > 0) {
    return {
      products: [],
      lines: new Map(),
      problems: [
        {
          line: 1,
          column: null,
          message: [
            missing.length ? `missing columns: ${missing.join(', ')}` : '',
            unknown.length ? `unknown columns: ${unknown.join(', ')} (known: ${CSV_COLUMNS.join(', ')})` : '',
          ]
            .filter(Boolean)
            .join('; '),
        },
      ],
    };
  }
  const products = new Map<string, ProductInput & { variants: ProductInput['variants'][number][]; optionAxes: string[] }>();
  const skus = new Map<string, number>();
  const codes = new Map<string, number>();
  for (const { record, info } of records) {
    const line = info.lines;
    const problem = (column: Column, message: string) => problems.push({ line, column, message });
    const name = record.product ?? '';
    const sku = record.sku ?? '';
    if (!name || name.length > 300) problem('product', 'needs a product name of 1–300 characters');
    else if (CONTROL.test(name)) problem('product', 'the product name has a control character (a tab, a line break?); remove it');
    if (!sku || sku.length > 64) problem('sku', 'needs a SKU of 1–64 characters');
    else if (CONTROL.test(sku)) problem('sku', 'the SKU has a control character; remove it');
    else if (skus.has(sku)) problem('sku', `SKU ${sku} is on line ${skus.get(sku)} already`);
    else skus.set(sku, line);
    if (!UNITS.has(record.unit ?? '')) problem('unit', `"${record.unit ?? ''}" is not a unit; use piece, gram or millilitre`);
    const options: Record<string, string> = {};
    for (const pair of (record.options ?? '').split(';').filter(Boolean)) {
      const [axis, value] = pair.split('=').map((part) => part.trim());
      if (!axis || !value) problem('options', `"${pair}" is not axis=value`);
      else options[axis] = value;
    }
    const barcodes = [];
    for (const code of (record.barcodes ?? '')
      .split('|')
      .map((c) => c.trim())
      .filter(Boolean)) {
      const checked = checkBarcode(code);
      if (!checked.ok) problem('barcodes', `${code}: ${checked.reason}`);
      else if (codes.has(code)) problem('barcodes', `${code} is on line ${codes.get(code)} already`);
      else {
        codes.set(code, line);
        barcodes.push({ code, symbology: checked.symbology });
      }
    }
    const currency = record.currency ?? '';
    const money = (column: 'price' | 'cost') => {
      const raw = record[column] ?? '';
      if (!raw) return undefined;
      if (!isCurrencyCode(currency)) {
        problem('currency', `"${currency}" is not an ISO 4217 currency code, needed for the ${column}`);
        return undefined;
      }
      if (accepted && currency !== accepted.tenant && !accepted.others.includes(currency)) {
        const taken = [accepted.tenant, ...accepted.others].join(', ');
        problem('currency', `${currency} is not a currency this shop prices in (${taken}); an admin can add it to otherCurrencies`);
        return undefined;
      }
      const digits = currencyExponent(currency);
      // A plain decimal, as spreadsheets write it: no sign, grouping or symbol (the SDK's exact conversion).
      const amount = decimalToMinor(raw, digits);
      if (amount === undefined || amount < 0) {
        problem(
          column,
          `"${raw}" is not an amount in ${currency}, like ${minorToDecimal(1999, digits)} (${digits} decimal${digits === 1 ? '' : 's'} at most)`,
        );
        return undefined;
      }
      return amount;
    };
    const price = money('price');
    const cost = money('cost');
    const product = products.get(name) ?? {
      name,
      unit: (record.unit ?? 'piece') as ProductInput['unit'],
      taxClass: record.tax_class || 'standard',
      optionAxes: [],
      variants: [],
    };
    if (product.unit !== record.unit && UNITS.has(record.unit ?? ''))
      problem('unit', `product "${name}" has unit ${product.unit} on an earlier line`);
    for (const axis of Object.keys(options)) if (!product.optionAxes.includes(axis)) product.optionAxes.push(axis);
    product.variants.push({
      sku,
      options,
      barcodes,
      ...(cost !== undefined ? { cost: { currency, amount: cost } } : {}),
      ...(price !== undefined ? { prices: [{ currency, amount: price }] } : {}),
    });
    products.set(name, product);
  }
  return { products: [...products.values()], problems, lines: new Map([...skus, ...codes]) };
}

/** What an import would do: the products it would create (each with the line of its first row), or the problems that stop it. */
export interface CatalogImportCheck {
  readonly products: ReadonlyArray<ProductInput & { readonly line: number }>;
  readonly problems: ImportProblem[];
}

/** Checks a catalog CSV against the file itself and the tenant's catalog, writing nothing (the import's preview). */
export async function checkCatalogImport(tx: TenantTransaction, text: string, accepted?: AcceptedCurrencies): Promise<CatalogImportCheck> {
  const { products, problems, lines } = parseCatalogCsv(text, accepted);
  const existing = await tx.query<{ sku: string }>('select sku from inventory.variants where sku = any($1::text[])', [
    products.flatMap((p) => p.variants.map((v) => v.sku)),
  ]);
  const lineOf = (value: string) => lines.get(value) ?? 0;
  for (const { sku } of existing) problems.push({ line: lineOf(sku), column: 'sku', message: `SKU ${sku} exists in the catalog already` });
  const codes = products.flatMap((p) => p.variants.flatMap((v) => (v.barcodes ?? []).map((b) => b.code)));
  const taken = await tx.query<{ code: string }>('select code from inventory.barcodes where code = any($1::text[])', [codes]);
  for (const { code } of taken)
    problems.push({ line: lineOf(code), column: 'barcodes', message: `barcode ${code} is on another variant already` });
  problems.sort((a, b) => a.line - b.line);
  return { products: products.map((product) => ({ ...product, line: lineOf(product.variants[0]!.sku) })), problems };
}

/** Imports a catalog CSV in the caller's transaction: all of it, or nothing with every problem listed. */
export async function importCatalog(
  tx: TenantTransaction,
  text: string,
  accepted?: AcceptedCurrencies,
): Promise<{ products: number; variants: number }> {
  const { products, problems } = await checkCatalogImport(tx, text, accepted);
  if (problems.length > 0) {
    throw badRequest(
      'inventory.import_invalid',
      `The file has ${problems.length} problem${problems.length > 1 ? 's' : ''}; nothing was imported. First: line ${problems[0]!.line}${problems[0]!.column ? `, column ${problems[0]!.column}` : ''}: ${problems[0]!.message}.`,
      { problems },
    );
  }
  for (const product of products) await createProduct(tx, product);
  return { products: products.length, variants: products.reduce((n, p) => n + p.variants.length, 0) };
}

/** The tenant's catalog as CSV, one row per variant (base price and cost of the row's currency). */
export async function exportCatalog(tx: TenantTransaction): Promise<string> {
  const rows = await tx.query<{
    product: string;
    sku: string;
    unit: string;
    tax_class: string;
    options: Record<string, string>;
    barcodes: string[] | null;
    currency: string | null;
    price: string | null;
    cost: string | null;
  }>(
    `select p.name as product, v.sku, p.unit, p.tax_class, v.options,
            (select array_agg(b.code order by b.code) from inventory.barcodes b where b.variant_id = v.variant_id) as barcodes,
            coalesce(pr.currency, v.cost_currency) as currency, pr.amount_minor as price, v.cost_minor as cost
       from inventory.variants v
       join inventory.products p on p.tenant_id = v.tenant_id and p.product_id = v.product_id
       left join lateral (select currency, amount_minor from inventory.prices x where x.variant_id = v.variant_id and x.location_id is null order by currency limit 1) pr on true
      order by p.name, v.variant_id`,
  );
  return stringify(
    rows.map((row) => ({
      product: row.product,
      sku: row.sku,
      unit: row.unit,
      tax_class: row.tax_class,
      options: Object.entries(row.options)
        .map(([axis, value]) => `${axis}=${value}`)
        .join(';'),
      barcodes: (row.barcodes ?? []).join('|'),
      currency: row.currency ?? '',
      price: row.price === null ? '' : minorToDecimal(Number(row.price), exponentOf(row.currency)),
      cost: row.cost === null ? '' : minorToDecimal(Number(row.cost), exponentOf(row.currency)),
    })),
    { header: true, columns: [...CSV_COLUMNS] },
  );
}
