import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';

/** What every kit component formats with: the person's locale. */
export interface Kit {
  readonly locale: string;
}

/** The browser's language when there is one (tests under Node have none): the default locale. */
const defaultLocale = (): string => (typeof navigator !== 'undefined' && navigator.language ? navigator.language : 'en');

const KitContext = createContext<Kit | undefined>(undefined);

/** Sets the locale every Money, Quantity and DateTime below it formats in. */
export function KitProvider({ locale, children }: { locale?: string; children?: ComponentChildren }) {
  return <KitContext.Provider value={{ locale: locale ?? defaultLocale() }}>{children}</KitContext.Provider>;
}

/** The kit's settings: the nearest KitProvider's, else the browser's language. */
export function useKit(): Kit {
  return useContext(KitContext) ?? { locale: defaultLocale() };
}
