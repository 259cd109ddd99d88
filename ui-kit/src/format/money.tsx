import { formatMoney } from '@kits/plugin-sdk/money';
import { useKit } from '../kit/kit-provider.tsx';

/** An amount (integer minor units) as the kit's locale writes it: `<Money amount={123456} currency="EUR" />` → €1,234.56. */
export function Money({ amount, currency }: { amount: number; currency: string }) {
  const { locale } = useKit();
  return <span class="k-money">{formatMoney(amount, currency, locale)}</span>;
}
