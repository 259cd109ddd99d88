import { useRef } from 'preact/hooks';

export interface Tab {
  readonly id: string;
  readonly label: string;
}

/**
 * Tabs over one page's parts. ArrowLeft/Right, Home and End move between tabs (the WAI-ARIA tabs
 * pattern); only the current tab is in the Tab order. The caller draws the current part.
 */
export function Tabs({
  tabs,
  current,
  onChange,
  label,
}: {
  tabs: readonly Tab[];
  current: string;
  onChange: (id: string) => void;
  label?: string;
}) {
  const list = useRef<HTMLDivElement>(null);
  const move = (index: number) => {
    const tab = tabs[(index + tabs.length) % tabs.length];
    if (!tab) return;
    onChange(tab.id);
    list.current?.querySelector<HTMLElement>(`[data-tab="${CSS.escape(tab.id)}"]`)?.focus();
  };
  const at = tabs.findIndex((tab) => tab.id === current);
  return (
    <div
      class="k-tabs"
      role="tablist"
      aria-label={label}
      ref={list}
      onKeyDown={(event) => {
        const keys: Record<string, number> = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 };
        const next = keys[event.key];
        if (next === undefined) return;
        event.preventDefault();
        move(next);
      }}
    >
      {tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          class="k-tab"
          data-tab={tab.id}
          aria-selected={tab.id === current}
          tabIndex={tab.id === current ? 0 : -1}
          onClick={() => onChange(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
