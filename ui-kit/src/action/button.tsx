import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';
export type ButtonSize = 'sm' | 'md' | 'lg';

/** The classes of a button of this variant and size (also for an `<a>` drawn as one). */
export function buttonClass(variant: ButtonVariant = 'secondary', size: ButtonSize = 'md', extra?: string): string {
  return ['k-button', `k-button--${variant}`, size === 'md' ? '' : `k-button--${size}`, extra ?? ''].filter(Boolean).join(' ');
}

export type ButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'size'> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Work is under way: the button is disabled and says so (aria-busy) until it ends. */
  busy?: boolean;
};

/** A button; `type="button"` unless told otherwise, so a button in a form never submits by surprise. */
export function Button({ variant, size, busy, class: className, disabled, type, children, ...rest }: ButtonProps) {
  return (
    <button
      {...rest}
      type={type ?? 'button'}
      class={buttonClass(variant, size, typeof className === 'string' ? className : undefined)}
      disabled={Boolean(disabled) || busy}
      aria-busy={busy ? true : undefined}
    >
      {busy && <span class="k-spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}

/** A link drawn as a button: for navigation ("New product"), where a button would be the wrong element. */
export function LinkButton({
  href,
  variant,
  size,
  children,
  ...rest
}: {
  href: string;
  variant?: ButtonVariant;
  size?: ButtonSize;
  children?: ComponentChildren;
  target?: string;
  download?: string | boolean;
  title?: string;
}) {
  return (
    <a {...rest} href={href} class={buttonClass(variant, size)}>
      {children}
    </a>
  );
}
