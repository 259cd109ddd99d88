import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Badge, LinkButton, useRefreshWhileVisible, useResource } from '@kits/ui-kit';
import { useEffect } from 'preact/hooks';
import { CHANGED, unreadCount } from './notifications-api.ts';

/** A bell drawn with the text colour (the ui-kit has no icon set; this is the one glyph the control needs). */
function BellGlyph() {
  return (
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

/** The bell in the office's top bar: how many notifications the signed-in person has not read, and the way to the centre. */
export function bellControl(context: OfficePluginContext) {
  return function NotificationBell() {
    const count = useResource((signal) => unreadCount(context, signal), []);
    useRefreshWhileVisible(count.reload, 30_000);
    useEffect(() => {
      addEventListener(CHANGED, count.reload);
      return () => removeEventListener(CHANGED, count.reload);
    }, [count.reload]);
    const unread = count.data ?? 0;
    return (
      <LinkButton href={context.href('')} variant="ghost" size="sm" title={unread > 0 ? `${unread} unread notifications` : 'Notifications'}>
        <BellGlyph />
        <span class="k-visually-hidden">{`Notifications${unread > 0 ? `, ${unread} unread` : ''}`}</span>
        {unread > 0 ? (
          <span aria-hidden="true" data-testid="notification-count">
            <Badge tone="danger">{unread > 99 ? '99+' : unread}</Badge>
          </span>
        ) : null}
      </LinkButton>
    );
  };
}
