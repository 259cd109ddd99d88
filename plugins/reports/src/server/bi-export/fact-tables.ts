/**
 * What the BI export writes: one Parquet file per fact table, with these columns in this order.
 * The names, types and meanings are a contract with the merchant's BI tools (README "BI export"):
 * add columns at the end and raise MANIFEST_SCHEMA_VERSION; never rename or retype one.
 */

/** A column's type in the files: Parquet physical type and logical annotation. */
export type FactColumnType =
  /** BYTE_ARRAY annotated STRING (UTF-8); ids are UUIDs in their text form. */
  | 'string'
  /** INT32 */
  | 'int32'
  /** INT64; money is integer minor units of the row's currency. */
  | 'int64'
  /** INT64 annotated TIMESTAMP(isAdjustedToUTC = true, unit = MICROS): an instant, microseconds since the Unix epoch in UTC. */
  | 'timestamp';

export interface FactColumn {
  readonly name: string;
  readonly type: FactColumnType;
  readonly nullable: boolean;
  /** What the value means, as the README's table says it. */
  readonly meaning: string;
}

export type FactName = 'sale_lines' | 'tenders' | 'stock_movements';

export interface FactTable {
  readonly name: FactName;
  /** One row of the file is … */
  readonly meaning: string;
  readonly columns: readonly FactColumn[];
  /** The columns that, after `occurred_at`, make a row's place unique: the order of the file and of the pages read. */
  readonly orderKey: ReadonlyArray<{ readonly column: string; readonly sqlType: 'uuid' | 'text' | 'integer' }>;
}

const column = (name: string, type: FactColumnType, nullable: boolean, meaning: string): FactColumn => ({ name, type, nullable, meaning });

const money = (name: string, meaning: string) => column(name, 'int64', false, `${meaning}, in minor units of \`currency\``);

export const SALE_LINES: FactTable = {
  name: 'sale_lines',
  meaning: 'one line of a completed sale',
  columns: [
    column('sale_id', 'string', false, 'The sale (UUID)'),
    column('line_no', 'int32', false, "The line's number within the sale"),
    column('occurred_at', 'timestamp', false, "When the sale happened, by the till's clock (an offline sale keeps the time it was made)"),
    column('received_at', 'timestamp', false, 'When the server received the sale (later than `occurred_at` for a sale made offline)'),
    column('location_id', 'string', false, 'The store (UUID)'),
    column('device_id', 'string', true, 'The till (UUID); empty for a sale not made on a till'),
    column('cashier_id', 'string', true, 'The user who sold'),
    column('receipt_number', 'string', true, "The receipt's number as printed"),
    column('variant_id', 'string', false, 'The product variant sold (UUID)'),
    column('sku', 'string', false, "The variant's SKU at the time of the sale"),
    column('name', 'string', false, "The product's name at the time of the sale"),
    column('category_id', 'string', true, "The product's category (UUID), if it had one"),
    column('quantity', 'int32', false, "Units sold, in the item's smallest unit (pieces, grams, millilitres)"),
    money('unit_price', 'Price of one unit before discounts'),
    money('gross', '`quantity` × `unit_price`'),
    money('discount', 'Every discount on the line (promotion, line and its share of a cart discount)'),
    money('net', 'What the line comes to after discounts, without tax'),
    money('tax', 'Tax on the line'),
    money('total', 'What the customer paid for the line (`net` + `tax`)'),
    column('currency', 'string', false, 'ISO 4217 code of the money columns'),
  ],
  orderKey: [
    { column: 'sale_id', sqlType: 'uuid' },
    { column: 'line_no', sqlType: 'integer' },
  ],
};

export const TENDERS: FactTable = {
  name: 'tenders',
  meaning: 'one payment taken for a sale, or paid back for a refund',
  columns: [
    column('source_kind', 'string', false, '`sale` (money taken) or `refund` (money paid back)'),
    column('source_id', 'string', false, 'The sale or refund (UUID)'),
    column('tender_no', 'int32', false, "The tender's number within its sale or refund"),
    column('occurred_at', 'timestamp', false, "When it happened, by the till's clock"),
    column('location_id', 'string', false, 'The store (UUID)'),
    column('device_id', 'string', true, 'The till (UUID)'),
    column('method', 'string', false, 'How it was paid: `cash`, `card`, … as the tender was named'),
    money('amount', 'Amount taken (a sale) or paid back (a refund)'),
    column('currency', 'string', false, 'ISO 4217 code of `amount`'),
  ],
  orderKey: [
    { column: 'source_kind', sqlType: 'text' },
    { column: 'source_id', sqlType: 'uuid' },
    { column: 'tender_no', sqlType: 'integer' },
  ],
};

export const STOCK_MOVEMENTS: FactTable = {
  name: 'stock_movements',
  meaning: 'one movement of the stock ledger',
  columns: [
    column('movement_id', 'string', false, 'The movement (UUID)'),
    column('occurred_at', 'timestamp', false, 'When the stock moved'),
    column('location_id', 'string', false, 'The store or warehouse (UUID)'),
    column('variant_id', 'string', false, 'The product variant (UUID)'),
    column(
      'kind',
      'string',
      false,
      'What moved it: `receive`, `sale`, `return`, `adjustment`, `transfer_out`, `transfer_in`, `count_correction`, `supplier_return`',
    ),
    column('quantity', 'int32', false, 'Units in (positive) or out (negative)'),
    column(
      'unit_cost',
      'int64',
      true,
      'What one unit was worth: the price paid on a receive, else the average cost at that moment; in minor units of `cost_currency`, empty when not known',
    ),
    column('cost_currency', 'string', true, 'ISO 4217 code of `unit_cost`'),
    column(
      'reference_kind',
      'string',
      true,
      'What the movement belongs to, as the plugin that moved the stock named it (`sale`, a purchase receipt, a count, …)',
    ),
    column('reference_id', 'string', true, 'Its id'),
    column('on_hand_after', 'int32', true, 'Units on hand at the location after the movement'),
  ],
  orderKey: [{ column: 'movement_id', sqlType: 'uuid' }],
};

/** The files of a day, in the order they are written and listed in the manifest. */
export const FACT_TABLES: readonly FactTable[] = [SALE_LINES, TENDERS, STOCK_MOVEMENTS];
