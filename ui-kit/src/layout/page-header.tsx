import type { ComponentChildren } from 'preact';

export interface PageHeaderProps {
  title: ComponentChildren;
  subtitle?: ComponentChildren;
  /** Buttons for the page (New product, Export): at the header's end. */
  actions?: ComponentChildren;
  /** The page this one belongs to ("← Products"). */
  back?: { href: string; label: string };
}

/** The top of a page: where you are (an h1), what it is, and what you can do here. */
export function PageHeader({ title, subtitle, actions, back }: PageHeaderProps) {
  return (
    <header class="k-page-header">
      <div>
        {back && (
          <a class="k-page-header__back" href={back.href}>
            ← {back.label}
          </a>
        )}
        <h1 class="k-page-header__title">{title}</h1>
        {subtitle && <p class="k-page-header__subtitle">{subtitle}</p>}
      </div>
      {actions && <div class="k-page-header__actions">{actions}</div>}
    </header>
  );
}
