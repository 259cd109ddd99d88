import { EmptyState, LinkButton, Row } from '@kits/ui-kit';
import { PROVIDER_PLUGINS, type AccountingStatus } from './accounting-api.ts';
import { marketplaceHref, providerHref } from './accounting-pages.ts';

/**
 * What the accounting pages show until an accounting system can take journals: none enabled →
 * enable QuickBooks or Xero in the marketplace and connect it; enabled but not connected (or a
 * refresh failed) → its page, to connect or reconnect, with the provider's reason.
 */
export function ConnectFirst({ status }: { status: AccountingStatus }) {
  const provider = status.provider;
  if (!provider)
    return (
      <EmptyState
        title="No accounting system is connected"
        action={
          <Row justify="center">
            {PROVIDER_PLUGINS.map((plugin, at) => (
              <LinkButton key={plugin.id} href={marketplaceHref(plugin.id)} variant={at === 0 ? 'primary' : 'secondary'}>
                Enable {plugin.name}
              </LinkButton>
            ))}
          </Row>
        }
      >
        KiTS posts each closed day of each location to your accounting system as one balanced journal. Enable QuickBooks Online or Xero in
        the Marketplace, then connect it to your company on its page under Accounting.
      </EmptyState>
    );
  const { system, connection } = provider;
  const reconnect = connection.status === 'reconnect_required';
  return (
    <EmptyState
      title={reconnect ? `Reconnect ${system.name}` : `Connect ${system.name}`}
      action={
        <LinkButton href={providerHref(system.id)} variant="primary">
          {reconnect ? `Reconnect ${system.name}` : `Connect ${system.name}`}
        </LinkButton>
      }
    >
      {reconnect
        ? `${system.name} stopped accepting KiTS's access${connection.reason ? `: ${connection.reason}` : ''}. Exports are paused until you reconnect; nothing is lost.`
        : `${system.name} is enabled but not connected to a company${connection.reason ? ` (${connection.reason})` : ''}. Connect it on its page; KiTS then lists its accounts here to map.`}
    </EmptyState>
  );
}
