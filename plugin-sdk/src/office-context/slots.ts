// Part of the office context ('@kits/plugin-sdk/office'): bundled into one module for the office (office/vite.config.ts).

/**
 * Named places in the back office where plugins contribute (DESIGN §4). The office draws the frame
 * (navigation, location switcher, search, sign-in); everything inside is contributed:
 * - `office.page`: a page at `/office/<plugin-id>/<path>`, with an optional navigation entry;
 * - `office.dashboard.card`: a card on the home dashboard;
 * - `office.product.actions`, `office.sale.actions`, `office.supplier.actions`,
 *   `office.customer.actions`: buttons on another plugin's record page (the plugin that owns the
 *   page renders them with `slots.outlet(…)`);
 * - `office.products.selection.actions`: buttons over the product list for the variants a person
 *   ticked (core-inventory renders them; zebra-zpl prints their labels);
 * - `office.purchasing.receipt.actions`: buttons on a delivery just received against a purchase
 *   order, given the receipt's lines (purchasing renders them; zebra-zpl prints a label per unit);
 * - `office.settings`: a panel of the settings page;
 * - `office.topbar`: a small control in the office's top bar, beside the search (notifications'
 *   bell with its unread count): keep it one button high.
 * Each contribution is rendered inside its own error box: one plugin's fault never blanks the app.
 */
export type OfficeSlot =
  | 'office.page'
  | 'office.dashboard.card'
  | 'office.product.actions'
  | 'office.sale.actions'
  | 'office.supplier.actions'
  | 'office.customer.actions'
  | 'office.products.selection.actions'
  | 'office.purchasing.receipt.actions'
  | 'office.settings'
  | 'office.topbar';

/** A Preact component, typed loosely so the SDK does not depend on Preact. */
export type OfficeComponent<Props = Record<string, unknown>> = (props: Props) => unknown;

/** What a page is given: the `:name` parts of its path and the URL's query. */
export interface OfficePageProps {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
}

/** A record page's identity, as actions on it are given it. */
export interface OfficeRecordRef {
  readonly id: string;
  /** What a person calls it: the product's name, the sale's receipt number. */
  readonly title: string;
}

/** A delivery received against a purchase order, as actions on it are given it: the good units per variant. */
export interface OfficeReceiptRef {
  readonly id: string;
  readonly purchaseOrderId: string;
  /** The order's number (`PO-000012`). */
  readonly number: string;
  /** Where the goods went in. */
  readonly locationId: string;
  readonly lines: ReadonlyArray<{ readonly variantId: string; readonly name: string; readonly quantity: number }>;
}

/** What each slot's components are given. */
export interface OfficeSlotProps {
  'office.page': OfficePageProps;
  'office.dashboard.card': { readonly locationId: string | undefined };
  /** `reload()` asks the page to fetch the record again after the action changed it. */
  'office.product.actions': { readonly product: OfficeRecordRef & { readonly variantIds: readonly string[] }; reload(): void };
  'office.sale.actions': { readonly sale: OfficeRecordRef; reload(): void };
  'office.supplier.actions': { readonly supplier: OfficeRecordRef; reload(): void };
  'office.customer.actions': { readonly customer: OfficeRecordRef; reload(): void };
  /** The variants ticked in the product list (all variants of a ticked product), and a way to untick them all. */
  'office.products.selection.actions': { readonly variantIds: readonly string[]; clearSelection(): void };
  'office.purchasing.receipt.actions': { readonly receipt: OfficeReceiptRef };
  'office.settings': Record<string, never>;
  'office.topbar': Record<string, never>;
}

/** Where a page sits in the navigation. */
export interface OfficeNavEntry {
  /** The section it is listed under: `Catalog`, `Stock`, `Purchasing`, `Sales`, `Customers`, `Settings`, or a new one. */
  readonly section: string;
  /** What the entry says (default: the page's title). */
  readonly label?: string;
  /** Lower comes first within the section (default 100). */
  readonly order?: number;
  /** A key that opens the page: `g p` style sequences are the office's; give one letter (`p`). */
  readonly key?: string;
}

interface CommonOptions {
  /** Lower comes first among contributions to one slot (default 100). */
  readonly order?: number;
  /** Only shown to people who hold this permission (the kernel still checks every request). */
  readonly permission?: string;
}

/** How each slot's contribution is described. */
export interface OfficeSlotOptions {
  'office.page': CommonOptions & {
    /** Below the plugin's own prefix, with `:name` parts: `products`, `products/:productId`. */
    readonly path: string;
    /** The page's title (the browser tab and the header). */
    readonly title: string;
    /** Listed in the navigation (pages that need params, such as a record's, are not). */
    readonly nav?: OfficeNavEntry;
  };
  'office.dashboard.card': CommonOptions & { readonly title: string };
  'office.product.actions': CommonOptions & { readonly title: string };
  'office.sale.actions': CommonOptions & { readonly title: string };
  'office.supplier.actions': CommonOptions & { readonly title: string };
  'office.customer.actions': CommonOptions & { readonly title: string };
  'office.products.selection.actions': CommonOptions & { readonly title: string };
  'office.purchasing.receipt.actions': CommonOptions & { readonly title: string };
  'office.settings': CommonOptions & { readonly title: string };
  'office.topbar': CommonOptions & { readonly title: string };
}

/** The slots of a plugin's office context: contribute to a place, or render what others contributed to one. */
export interface OfficeSlots {
  contribute<Slot extends OfficeSlot>(
    slot: Slot,
    component: OfficeComponent<OfficeSlotProps[Slot]>,
    options: OfficeSlotOptions[Slot],
  ): void;
  /**
   * Renders every contribution to `slot` (each in its own error box; nothing when there is none):
   * how a record page offers places to other plugins.
   * `const Actions = slots.outlet('office.product.actions'); … <Actions product={…} reload={load} />`
   */
  outlet<Slot extends Exclude<OfficeSlot, 'office.page'>>(slot: Slot): OfficeComponent<OfficeSlotProps[Slot]>;
}
