import { useEffect, useState } from 'preact/hooks';
import type { ChartTone } from './chart-model.ts';

/**
 * A canvas cannot read CSS custom properties, so the chart reads the kit's chart tokens
 * (`--k-chart-*` in styles/chart.css, drawn from the theme's colours) when it draws, and draws
 * again when the theme changes.
 */
export interface ChartTheme {
  readonly tone: Readonly<Record<ChartTone, string>>;
  readonly band: string;
  readonly grid: string;
  readonly axis: string;
  readonly font: string;
}

/** The chart tokens as the element sees them (its theme), with the light theme's as a fallback. */
export function readChartTheme(element: Element): ChartTheme {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    tone: {
      current: read('--k-chart-current', '#0f6b5c'),
      previous: read('--k-chart-previous', '#8793a1'),
      forecast: read('--k-chart-forecast', '#1c5fb4'),
    },
    band: read('--k-chart-band', '#e6eefa'),
    grid: read('--k-chart-grid', '#dde3ea'),
    axis: read('--k-chart-axis', '#5f6b7a'),
    font: `${read('--k-font-size-xs', '12px')} ${read('--k-font-sans', 'system-ui, sans-serif')}`,
  };
}

/** A number that changes whenever the page's theme may have: `<html data-theme>` or the system's light/dark. */
export function useThemeChanges(): number {
  const [changes, setChanges] = useState(0);
  useEffect(() => {
    const bump = () => setChanges((n) => n + 1);
    const observer = new MutationObserver(bump);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    scheme.addEventListener('change', bump);
    return () => {
      observer.disconnect();
      scheme.removeEventListener('change', bump);
    };
  }, []);
  return changes;
}

/** The width of `element`, following it as the layout changes (0 until it is measured). */
export function useElementWidth(element: { readonly current: HTMLElement | null }): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const target = element.current;
    if (!target) return;
    setWidth(Math.floor(target.clientWidth));
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [element]);
  return width;
}
