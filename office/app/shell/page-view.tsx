import { EmptyState, LinkButton } from '@kits/ui-kit';
import { useEffect } from 'preact/hooks';
import { ContributionView } from '../plugins/contribution-box.tsx';
import { matchPath, type OfficeContributions } from '../plugins/office-contributions.ts';

/** The page at `path`, in its plugin's error box; a page the person may not open, or none, says so. */
export function PageView({
  contributions,
  path,
  query,
  may,
}: {
  contributions: OfficeContributions;
  path: string;
  query: URLSearchParams;
  may: (permission: string) => boolean;
}) {
  const found = contributions
    .pages()
    .map((route) => ({ route, params: matchPath(route.pattern, path) }))
    .find((candidate) => candidate.params !== undefined);
  const title = found?.route.contribution.options.title;
  useEffect(() => {
    document.title = title ? `${title} · KiTS Back Office` : 'KiTS Back Office';
  }, [title]);
  if (!found)
    return (
      <div class="office-page">
        <EmptyState title="There is no page here" action={<LinkButton href="/office/">Go to the dashboard</LinkButton>}>
          {path} is not a page of this back office. A plugin that brought it may have been disabled.
        </EmptyState>
      </div>
    );
  const { contribution } = found.route;
  const permission = contribution.options.permission;
  if (permission && !may(permission))
    return (
      <div class="office-page" data-testid="no-permission">
        <EmptyState title="You do not have access to this page" action={<LinkButton href="/office/">Go to the dashboard</LinkButton>}>
          {contribution.options.title} needs the permission {permission}. Ask your manager or an administrator to grant it.
        </EmptyState>
      </div>
    );
  return (
    <div class="office-page" key={path}>
      <ContributionView contribution={contribution} props={{ params: found.params!, query }} />
    </div>
  );
}
