// The checkout's vocabulary: what the till sells, the cart, tenders, the receipt, and the machine's states.
import type { Discount, Promotion, TaxBreakdown, TaxRate } from '../../shared/pricing.ts';
import type { ManagerApproval, SaleApproval } from './sale-approval.ts';

/** What the till knows about a variant it sells (from its replicated catalog). */
export interface SellableItem {
  readonly variantId: string;
  readonly name: string;
  readonly sku: string;
  readonly unitPrice: number;
  readonly taxClass: string;
}

/** The tenant's sales settings the till prices with — the same the server uses. */
export interface TillPricing {
  readonly currency: string;
  readonly pricesIncludeTax: boolean;
  readonly taxRounding: 'line' | 'invoice';
  readonly cashRounding: number;
  readonly taxRates: Readonly<Record<string, readonly TaxRate[]>>;
  readonly promotions: readonly Promotion[];
  /** The quick keys, in order (tills that last synced before quick keys existed have none). */
  readonly quickKeys?: ReadonlyArray<{ readonly variantId: string; readonly label?: string }>;
  /** A refund above it needs core-sales:refund.over-limit or a manager's approval; 0 is no limit (pricing kept before the limit existed has none). */
  readonly refundLimit?: number;
}

export interface CartLine {
  readonly item: SellableItem;
  readonly quantity: number;
  readonly discount?: Discount;
  readonly unitPriceOverride?: number;
}

export interface Tender {
  readonly method: string;
  readonly amount: number;
  /** What a payment plugin returned (a terminal or provider reference); a card tender's is its payment id. */
  readonly token?: string;
  /** A card core-sales took (its payment id): leaving the tender step cancels its authorization. */
  readonly paymentId?: string;
  /** What the receipt prints under a card tender. */
  readonly card?: TenderCard;
}

/** The card a tender was paid with, as the provider told it (brand, last four digits, approval code). */
export interface TenderCard {
  readonly brand: string;
  readonly last4: string;
  readonly authorizationCode?: string;
}

/**
 * A card payment under way on the reader: asked for (`paymentId` once the server answered), not
 * yet approved, declined or canceled. While it waits, no other tender is taken and the tender step
 * is not left: the customer may be holding their card to the reader.
 */
export interface CardAttempt {
  /** The till's id of this try (UUIDv7): the same body again is the same payment on the server. */
  readonly tenderId: string;
  readonly method: string;
  readonly amount: number;
  readonly paymentId?: string;
}

/** The till event a completed sale becomes (core-sales `sales.sale.completed`). */
export interface CompletedSaleEvent {
  readonly type: 'sales.sale.completed';
  readonly payload: {
    readonly sale: {
      readonly id: string;
      readonly shiftId?: string;
      readonly lines: ReadonlyArray<{ variantId: string; quantity: number; unitPrice?: number; discount?: Discount }>;
      readonly cartDiscount?: Discount;
      readonly customerId?: string;
      readonly tenders: ReadonlyArray<{ method: string; amount: number; token?: string }>;
      readonly expectedTotal: number;
      readonly resumedFrom?: string;
    };
    readonly receiptNumber: number;
    readonly cashierId: string;
    /** Managers who approved what the cashier could not do alone. */
    readonly approvals?: readonly SaleApproval[];
  };
}

export interface Receipt {
  readonly saleId: string;
  readonly receiptNumber: number;
  readonly lines: ReadonlyArray<{
    name: string;
    sku: string;
    quantity: number;
    unitPrice: number;
    /** Every discount on the line: its own (promotions, a line discount) and its share of the sale's. */
    discount: number;
    /** The line's own discounts: promotions and a discount given on the line. */
    lineDiscount: number;
    /** The line's share of the discount given on the whole sale. */
    cartDiscount: number;
    total: number;
    /** The rates the line is taxed at (a receipt marks each line with its VAT rate). */
    taxRates: ReadonlyArray<{ name: string; basisPoints: number }>;
  }>;
  readonly subtotal: number;
  readonly discountTotal: number;
  /** Tax by rate with what each rate was charged on (what a fiscal receipt lists). */
  readonly taxes: readonly TaxBreakdown[];
  readonly total: number;
  readonly rounding: number;
  readonly tenders: readonly Tender[];
  readonly change: number;
  readonly currency: string;
}

export type CheckoutState =
  | {
      readonly step: 'cart';
      readonly lines: readonly CartLine[];
      readonly cartDiscount?: Discount;
      readonly customerId?: string;
      /** The parked sale this cart resumes (the server releases its hold when the sale completes). */
      readonly resumedFrom?: string;
      /** Managers' approvals of what the cashier could not do alone (a discount). */
      readonly approvals?: readonly ManagerApproval[];
    }
  | {
      readonly step: 'tender';
      readonly lines: readonly CartLine[];
      readonly cartDiscount?: Discount;
      readonly customerId?: string;
      readonly resumedFrom?: string;
      readonly approvals?: readonly ManagerApproval[];
      readonly tenders: readonly Tender[];
      /** The sale's id from the tender step on: card payments are taken for it, and the completed sale has it. */
      readonly saleId: string;
      /** The card payment waiting on the reader, if any. */
      readonly card?: CardAttempt;
    }
  | { readonly step: 'receipt'; readonly receipt: Receipt; readonly event: CompletedSaleEvent };

/** Why the machine refused an action: a code the UI shows a message for. */
export class CheckoutRefused extends Error {
  readonly code: string;
  /** The permission the cashier lacks (`checkout.forbidden`): a manager may approve it. */
  readonly permission: string | undefined;
  constructor(code: string, message: string, permission?: string) {
    super(message);
    this.name = 'CheckoutRefused';
    this.code = code;
    this.permission = permission;
  }
}

export interface CheckoutDeps {
  readonly pricing: TillPricing;
  /** Whether the signed-in cashier holds a permission (cached grants; works offline). */
  can(permission: string): boolean;
  /** The till's next receipt number, and a new sale id (UUIDv7) for each tender step — from its local store. */
  nextReceiptNumber(): number;
  newSaleId(): string;
  readonly cashierId: string;
  /** The shift the sale belongs to, asked when it completes (a shift may open and close meanwhile). */
  shiftId?(): string | undefined;
  /** Told of every new state (the till keeps the open cart on the device). */
  onChange?(state: CheckoutState): void;
}

/** An open cart as the till keeps it across a restart: what `restore` takes back. */
export type KeptCart = Omit<Extract<CheckoutState, { step: 'cart' }>, 'step'>;
