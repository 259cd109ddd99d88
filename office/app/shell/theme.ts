import { useEffect, useState } from 'preact/hooks';

export type ThemeChoice = 'light' | 'dark' | 'system';
const KEY = 'kits-office-theme';

/** Light, dark, or as the computer is set; remembered in this browser and applied as `data-theme` on <html>. */
export function useTheme(): [ThemeChoice, (choice: ThemeChoice) => void] {
  const [choice, setChoice] = useState<ThemeChoice>(() => (localStorage.getItem(KEY) as ThemeChoice | null) ?? 'system');
  useEffect(() => {
    const media = matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      document.documentElement.dataset.theme = choice === 'system' ? (media.matches ? 'dark' : 'light') : choice;
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [choice]);
  return [
    choice,
    (next) => {
      localStorage.setItem(KEY, next);
      setChoice(next);
    },
  ];
}
