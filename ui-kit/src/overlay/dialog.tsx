import { createPortal, type ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { focusableIn, trapTab } from './focus-trap.ts';

/** The dialogs open now, the topmost last: only it answers Esc and Tab (a confirm over an edit dialog). */
const openDialogs: HTMLElement[] = [];

/** Makes everything in <body> but `keep` inert (unreachable by mouse, keyboard and screen reader); answers how to undo it. */
function inertAllBut(keep: Element): () => void {
  const made = Array.from(document.body.children).filter(
    (element): element is HTMLElement => element !== keep && element instanceof HTMLElement && !element.inert,
  );
  for (const element of made) element.inert = true;
  return () => {
    for (const element of made) element.inert = false;
  };
}

export interface DialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children?: ComponentChildren;
  /** The dialog's buttons (Cancel, Save), at its foot. */
  footer?: ComponentChildren;
}

/**
 * A modal dialog over the page. While open, Tab stays inside it, Esc (or a click on the backdrop)
 * closes it, and the page behind is inert; on closing, the focus goes back where it was.
 */
export function Dialog({ open, title, onClose, children, footer }: DialogProps) {
  const box = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    if (!open || !box.current) return;
    const before = document.activeElement as HTMLElement | null;
    const root = box.current;
    // The first field, else the first button, else the dialog itself takes the focus.
    const first = focusableIn(root).find((element) => element.matches('input, select, textarea')) ?? focusableIn(root)[0];
    (first ?? root).focus();
    openDialogs.push(root);
    const restore = root.parentElement ? inertAllBut(root.parentElement) : () => undefined;
    const onKey = (event: KeyboardEvent) => {
      if (openDialogs.at(-1) !== root) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        close.current();
        return;
      }
      trapTab(root, event);
    };
    // A focus that lands outside (a click on the page behind, a script) comes back in.
    const onFocusIn = (event: FocusEvent) => {
      if (openDialogs.at(-1) !== root) return;
      if (event.target instanceof Node && !root.contains(event.target)) (focusableIn(root)[0] ?? root).focus();
    };
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('focusin', onFocusIn);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('focusin', onFocusIn);
      openDialogs.splice(openDialogs.indexOf(root), 1);
      restore();
      if (before && before.isConnected) before.focus();
    };
  }, [open]);

  if (!open) return null;
  return createPortal(
    <div
      class="k-dialog-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <div class="k-dialog" role="dialog" aria-modal="true" aria-label={title} tabIndex={-1} ref={box}>
        <header class="k-dialog__header">
          <h2 class="k-dialog__title">{title}</h2>
          <button type="button" class="k-button k-button--ghost k-button--sm" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        <div class="k-dialog__body">{children}</div>
        {footer && <footer class="k-dialog__footer">{footer}</footer>}
      </div>
    </div>,
    document.body,
  );
}
