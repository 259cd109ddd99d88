import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useState } from 'preact/hooks';
import type { Tone } from './badge.tsx';

export interface Toast {
  readonly id: number;
  readonly message: string;
  readonly tone: Tone;
}

type Listener = (toasts: readonly Toast[]) => void;

/**
 * The toasts on screen. One store per page, outside Preact's tree, so any component (and a
 * plugin's bundle, which shares this module) can show one without a provider around it.
 */
class ToastStore {
  private toasts: readonly Toast[] = [];
  private readonly listeners = new Set<Listener>();
  private next = 1;
  show(message: string, tone: Tone = 'success', forMs = 5000): number {
    const id = this.next++;
    this.set([...this.toasts, { id, message, tone }].slice(-5));
    // A problem stays until dismissed: a person may need to read it twice.
    if (tone !== 'danger') setTimeout(() => this.dismiss(id), forMs);
    return id;
  }
  dismiss(id: number): void {
    this.set(this.toasts.filter((toast) => toast.id !== id));
  }
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    listener(this.toasts);
    return () => this.listeners.delete(listener);
  }
  private set(toasts: readonly Toast[]): void {
    this.toasts = toasts;
    for (const listener of this.listeners) listener(toasts);
  }
}

const pageToasts = new ToastStore();
const ToastContext = createContext<ToastStore>(pageToasts);

/** Shows a short message ("Product saved") in the page's toast area; `tone` 'danger' stays until closed. */
export function useToasts(): { show: (message: string, tone?: Tone) => void } {
  const store = useContext(ToastContext);
  const show = useCallback((message: string, tone?: Tone) => void store.show(message, tone), [store]);
  return { show };
}

/** Where the toasts appear (once per app, in its shell): a polite live region screen readers announce. */
export function ToastHost({ children }: { children?: ComponentChildren }) {
  const store = useContext(ToastContext);
  const [toasts, setToasts] = useState<readonly Toast[]>([]);
  useEffect(() => store.subscribe(setToasts), [store]);
  return (
    <>
      {children}
      <div class="k-toasts" role="status" aria-live="polite" aria-label="Notifications">
        {toasts.map((toast) => (
          <div key={toast.id} class={`k-toast k-toast--${toast.tone}`}>
            <span>{toast.message}</span>
            <button type="button" class="k-toast__close" aria-label="Dismiss" onClick={() => store.dismiss(toast.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </>
  );
}
