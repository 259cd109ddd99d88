import { currencyExponent, minorToDecimal, parseMoney } from '@kits/plugin-sdk/money';
import { useEffect, useId, useState } from 'preact/hooks';
import { useKit } from '../kit/kit-provider.tsx';

export interface MoneyInputProps {
  name: string;
  currency: string;
  /** Integer minor units (1250 = 12.50 EUR), or undefined for none. */
  value: number | undefined;
  /** The amount typed, in minor units; undefined while the box is empty or holds no amount. */
  onValue: (minor: number | undefined) => void;
  invalid?: boolean;
  allowNegative?: boolean;
  disabled?: boolean;
  placeholder?: string;
  id?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
  'aria-label'?: string;
}

/** The locale's decimal mark ("," in German, "." in English). */
function decimalMark(locale: string): string {
  return new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === 'decimal')?.value ?? '.';
}

/** Minor units as a person would type them in this locale: 123456 EUR → "1234,56" in `de` (no grouping, no symbol). */
export function moneyText(minor: number | undefined, currency: string, locale: string): string {
  if (minor === undefined) return '';
  const text = minorToDecimal(minor, currencyExponent(currency));
  return text.replace('.', decimalMark(locale));
}

/** What is wrong with `text` as an amount in `currency`, or undefined when it is one (or empty). */
export function moneyProblem(text: string, currency: string, locale: string, allowNegative = false): string | undefined {
  if (text.trim() === '') return undefined;
  try {
    parseMoney(text, currency, { locale, allowNegative });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * An amount of money typed the way the person writes it ("12,50", "1 234.56", "€12.50"), parsed
 * with parseMoney into integer minor units. The text stays as typed; when it is no amount, the
 * reason (parseMoney's message: what to type instead) shows under the box once the person leaves it.
 */
export function MoneyInput({ name, currency, value, onValue, invalid, allowNegative, id, ...rest }: MoneyInputProps) {
  const { locale } = useKit();
  const ownId = useId();
  const inputId = id ?? `k-money-${ownId}`;
  const problemId = `${inputId}-parse-problem`;
  const [text, setText] = useState(() => moneyText(value, currency, locale));
  const [left, setLeft] = useState(false);

  const parsed = (typed: string): number | undefined => {
    if (typed.trim() === '') return undefined;
    try {
      return parseMoney(typed, currency, { locale, allowNegative: allowNegative ?? false });
    } catch {
      return undefined;
    }
  };
  // A value set from outside replaces the text; one the person is typing towards does not.
  useEffect(() => {
    if (parsed(text) !== value) setText(moneyText(value, currency, locale));
  }, [value, currency]);

  const problem = left ? moneyProblem(text, currency, locale, allowNegative) : undefined;
  const describedBy = [rest['aria-describedby'], problem ? problemId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="k-money-field">
      <div class="k-money-input">
        <span class="k-money-input__currency" aria-hidden="true">
          {currency}
        </span>
        <input
          {...rest}
          id={inputId}
          class="k-input k-input--money"
          name={name}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={text}
          aria-invalid={invalid || problem || rest['aria-invalid'] ? true : undefined}
          aria-describedby={describedBy}
          onInput={(event) => {
            const typed = event.currentTarget.value;
            setText(typed);
            onValue(parsed(typed));
          }}
          onBlur={() => setLeft(true)}
        />
      </div>
      {problem && (
        <p class="k-field__problem" id={problemId} role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
