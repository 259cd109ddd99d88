import { allocate, divRound, percentOf, roundToStep } from '@kits/plugin-sdk/money';

/** A discount: a percentage in basis points (1000 = 10 %) or a fixed amount in minor units. */
export type Discount = { readonly kind: 'percent'; readonly basisPoints: number } | { readonly kind: 'amount'; readonly amount: number };

/** One tax on a line: 2000 basis points = 20 %. A line can carry several. */
export interface TaxRate {
  readonly name: string;
  readonly basisPoints: number;
}

/** Automatic promotions over a set of variants. */
export type Promotion =
  | {
      readonly id: string;
      readonly kind: 'buy_x_get_y';
      readonly variantIds: readonly string[];
      readonly buy: number;
      readonly get: number;
    }
  | {
      readonly id: string;
      readonly kind: 'bundle';
      readonly variantIds: readonly string[];
      readonly quantity: number;
      readonly price: number;
    };

export interface PricingLine {
  readonly variantId: string;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly discount?: Discount;
  readonly taxRates: readonly TaxRate[];
}

export interface PricingPolicy {
  /** Prices include tax (retail in most of the world) or tax is added on top. */
  readonly pricesIncludeTax: boolean;
  /** Round each line's tax, or each rate's total over the invoice (then spread back over lines). */
  readonly taxRounding: 'line' | 'invoice';
}

export interface PricedLine {
  readonly variantId: string;
  readonly quantity: number;
  readonly unitPrice: number;
  /** quantity × unit price */
  readonly gross: number;
  readonly promotionDiscount: number;
  readonly lineDiscount: number;
  readonly cartDiscount: number;
  /** gross − every discount: what the line's price comes to (tax included when prices include it). */
  readonly amount: number;
  readonly taxes: ReadonlyArray<{ readonly name: string; readonly basisPoints: number; readonly amount: number }>;
  readonly tax: number;
  /** amount without tax */
  readonly net: number;
  /** what the customer pays for the line */
  readonly total: number;
}

export interface PricedSale {
  readonly lines: readonly PricedLine[];
  /** Σ gross */
  readonly subtotal: number;
  readonly discountTotal: number;
  readonly taxTotal: number;
  readonly taxes: ReadonlyArray<{ readonly name: string; readonly basisPoints: number; readonly amount: number }>;
  readonly total: number;
  readonly promotions: ReadonlyArray<{ readonly id: string; readonly discount: number }>;
}

/** A discount on an amount, never more than the amount. */
function discountOn(amount: number, discount: Discount | undefined): number {
  if (!discount) return 0;
  const value = discount.kind === 'percent' ? percentOf(amount, discount.basisPoints) : discount.amount;
  return Math.min(Math.max(value, 0), amount);
}

/** Per line index, the promotion discount of each automatic promotion that applies (cheapest units free; bundles priced). */
function promotionDiscounts(lines: readonly PricingLine[], promotions: readonly Promotion[]) {
  const perLine = lines.map(() => 0);
  const applied: Array<{ id: string; discount: number }> = [];
  for (const promotion of promotions) {
    const eligible = new Set(promotion.variantIds);
    // Units from the dearest to the cheapest, as runs (line index, unit price, quantity left).
    const runs = lines
      .map((line, index) => ({ index, unitPrice: line.unitPrice, left: eligible.has(line.variantId) ? line.quantity : 0 }))
      .filter((run) => run.left > 0)
      .sort((a, b) => b.unitPrice - a.unitPrice || a.index - b.index);
    const units = runs.reduce((n, run) => n + run.left, 0);
    let discount = 0;
    if (promotion.kind === 'buy_x_get_y') {
      // Of every buy + get units, the cheapest `get` are free.
      let free = Math.floor(units / (promotion.buy + promotion.get)) * promotion.get;
      for (const run of [...runs].reverse()) {
        if (free === 0) break;
        const take = Math.min(free, run.left);
        perLine[run.index]! += take * run.unitPrice;
        discount += take * run.unitPrice;
        free -= take;
      }
    } else {
      // Each bundle takes the dearest units left; it applies only when it saves the customer money.
      let bundles = Math.floor(units / promotion.quantity);
      const queue = runs.map((run) => ({ ...run }));
      while (bundles-- > 0) {
        const taken: Array<{ index: number; value: number }> = [];
        let need = promotion.quantity;
        for (const run of queue) {
          if (need === 0) break;
          const take = Math.min(need, run.left);
          if (take === 0) continue;
          run.left -= take;
          need -= take;
          taken.push({ index: run.index, value: take * run.unitPrice });
        }
        const full = taken.reduce((n, t) => n + t.value, 0);
        const saving = full - promotion.price;
        if (saving <= 0) break;
        allocate(
          saving,
          taken.map((t) => t.value),
        ).forEach((part, i) => (perLine[taken[i]!.index]! += part));
        discount += saving;
      }
    }
    if (discount > 0) applied.push({ id: promotion.id, discount });
  }
  return { perLine, applied };
}

/**
 * Prices a sale from its lines — never from totals a client sent. Order: automatic promotions,
 * then line discounts, then the cart discount (spread over lines in proportion), then tax.
 */
export function priceSale(
  lines: readonly PricingLine[],
  cartDiscount: Discount | undefined,
  promotions: readonly Promotion[],
  policy: PricingPolicy,
): PricedSale {
  const gross = lines.map((l) => l.quantity * l.unitPrice);
  const promotion = promotionDiscounts(lines, promotions);
  const promotionDiscount = lines.map((_, i) => Math.min(promotion.perLine[i]!, gross[i]!));
  const lineDiscount = lines.map((l, i) => discountOn(gross[i]! - promotionDiscount[i]!, l.discount));
  const beforeCart = lines.map((_, i) => gross[i]! - promotionDiscount[i]! - lineDiscount[i]!);
  const cartTotal = discountOn(
    beforeCart.reduce((a, b) => a + b, 0),
    cartDiscount,
  );
  const cartShare = allocate(cartTotal, beforeCart);
  const amount = beforeCart.map((a, i) => a - cartShare[i]!);

  // Exact tax of each (line, rate) as a fraction: inclusive prices carry it inside, exclusive on top.
  const exact = lines.map((line, i) => {
    const totalRate = line.taxRates.reduce((n, r) => n + r.basisPoints, 0);
    const denominator = BigInt(policy.pricesIncludeTax ? 10_000 + totalRate : 10_000);
    return line.taxRates.map((rate) => ({ rate, numerator: BigInt(amount[i]!) * BigInt(rate.basisPoints), denominator }));
  });
  const lineTaxes = exact.map((taxes) => taxes.map((t) => ({ ...t.rate, amount: Number(divRound(t.numerator, t.denominator)) })));
  if (policy.taxRounding === 'invoice') {
    // Each rate rounded once over the invoice, then spread back so the lines add up to it.
    const byRate = new Map<string, { numerator: bigint; denominator: bigint; where: Array<{ line: number; index: number }> }>();
    exact.forEach((taxes, line) =>
      taxes.forEach((t, index) => {
        const key = `${t.rate.name}:${t.rate.basisPoints}`;
        const sum = byRate.get(key) ?? { numerator: 0n, denominator: 1n, where: [] };
        sum.numerator = sum.numerator * t.denominator + t.numerator * sum.denominator;
        sum.denominator *= t.denominator;
        sum.where.push({ line, index });
        byRate.set(key, sum);
      }),
    );
    for (const sum of byRate.values()) {
      // Lines get the whole part of their exact tax; the units left go to the largest fractions.
      const invoiceTax = Number(divRound(sum.numerator, sum.denominator));
      const parts = sum.where.map(({ line, index }) => {
        const { numerator, denominator } = exact[line]![index]!;
        return { line, index, whole: numerator / denominator, fraction: numerator % denominator, denominator };
      });
      let left = invoiceTax - parts.reduce((n, p) => n + Number(p.whole), 0);
      const byFraction = [...parts].sort((a, b) => {
        const difference = b.fraction * a.denominator - a.fraction * b.denominator;
        return difference > 0n ? 1 : difference < 0n ? -1 : 0;
      });
      for (const part of byFraction) {
        if (left <= 0) break;
        part.whole += 1n;
        left -= 1;
      }
      for (const part of parts) lineTaxes[part.line]![part.index] = { ...lineTaxes[part.line]![part.index]!, amount: Number(part.whole) };
    }
  }

  const priced: PricedLine[] = lines.map((line, i) => {
    const tax = lineTaxes[i]!.reduce((n, t) => n + t.amount, 0);
    const net = policy.pricesIncludeTax ? amount[i]! - tax : amount[i]!;
    return {
      variantId: line.variantId,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      gross: gross[i]!,
      promotionDiscount: promotionDiscount[i]!,
      lineDiscount: lineDiscount[i]!,
      cartDiscount: cartShare[i]!,
      amount: amount[i]!,
      taxes: lineTaxes[i]!,
      tax,
      net,
      total: net + tax,
    };
  });
  const taxes = new Map<string, { name: string; basisPoints: number; amount: number }>();
  for (const line of priced) {
    for (const t of line.taxes) {
      const key = `${t.name}:${t.basisPoints}`;
      const sum = taxes.get(key) ?? { name: t.name, basisPoints: t.basisPoints, amount: 0 };
      sum.amount += t.amount;
      taxes.set(key, sum);
    }
  }
  const sum = (f: (l: PricedLine) => number) => priced.reduce((n, l) => n + f(l), 0);
  return {
    lines: priced,
    subtotal: sum((l) => l.gross),
    discountTotal: sum((l) => l.promotionDiscount + l.lineDiscount + l.cartDiscount),
    taxTotal: sum((l) => l.tax),
    taxes: [...taxes.values()],
    total: sum((l) => l.total),
    promotions: promotion.applied,
  };
}

/** A rate of a sale as a fiscal receipt lists it: what was taxed at it, the tax, and both together. */
export interface TaxBreakdown {
  readonly name: string;
  readonly basisPoints: number;
  /** Σ net of the lines carrying the rate (a line with two rates counts under each). */
  readonly net: number;
  readonly amount: number;
  /** net + amount */
  readonly gross: number;
}

/** A priced sale's taxes by rate with their net and gross, in the order of `priced.taxes`. */
export function taxBreakdown(priced: PricedSale): TaxBreakdown[] {
  return priced.taxes.map((tax) => {
    const net = priced.lines
      .filter((line) => line.taxes.some((t) => t.name === tax.name && t.basisPoints === tax.basisPoints))
      .reduce((sum, line) => sum + line.net, 0);
    return { name: tax.name, basisPoints: tax.basisPoints, net, amount: tax.amount, gross: net + tax.amount };
  });
}

export interface TenderInput {
  readonly method: string;
  /** Cash: what the customer handed over. Other methods: the amount charged. */
  readonly amount: number;
}

export type Settlement =
  | {
      readonly ok: true;
      /** total plus cash rounding */
      readonly due: number;
      readonly rounding: number;
      /** per tender, what it pays of the sale (cash net of change) */
      readonly applied: readonly number[];
      readonly change: number;
    }
  | { readonly ok: false; readonly code: 'sales.tender_short' | 'sales.tender_over'; readonly detail: string };

/**
 * Settles a total with tenders: cash can be more than due (change is given, from cash only, with
 * the tenant's cash rounding on the cash part); other tenders never exceed what is due.
 */
export function settle(total: number, tenders: readonly TenderInput[], cashRoundingStep: number): Settlement {
  const isCash = (t: TenderInput) => t.method === 'cash';
  const other = tenders.filter((t) => !isCash(t)).reduce((n, t) => n + t.amount, 0);
  const cash = tenders.filter(isCash).reduce((n, t) => n + t.amount, 0);
  if (other > total)
    return {
      ok: false,
      code: 'sales.tender_over',
      detail: `Card and other tenders (${other}) exceed the total (${total}); only cash gives change.`,
    };
  const hasCash = tenders.some(isCash);
  const cashDue = total - other;
  const cashDueRounded = hasCash ? roundToStep(cashDue, cashRoundingStep) : cashDue;
  const rounding = cashDueRounded - cashDue;
  if (cash < cashDueRounded) {
    return { ok: false, code: 'sales.tender_short', detail: `The tenders come to ${cash + other}; ${cashDueRounded + other} is due.` };
  }
  const change = cash - cashDueRounded;
  // Change comes out of the cash tenders, last first.
  let changeLeft = change;
  const applied = [...tenders]
    .map((t, i) => ({ t, i }))
    .reverse()
    .map(({ t, i }) => {
      if (!isCash(t) || changeLeft === 0) return { i, amount: t.amount };
      const back = Math.min(changeLeft, t.amount);
      changeLeft -= back;
      return { i, amount: t.amount - back };
    })
    .sort((a, b) => a.i - b.i)
    .map((a) => a.amount);
  return { ok: true, due: total + rounding, rounding, applied, change };
}
export { roundToStep } from '@kits/plugin-sdk/money';
