import { Card, LinkButton } from '@kits/ui-kit';
import type { TillRuntime } from '../till-runtime.ts';

/** Where the back office's marketplace is: installing and configuring plugins is done there, not on a till. */
export const OFFICE_MARKETPLACE = '/office/marketplace';

/**
 * The till's Plugins screen: the way to the marketplace, which lives in the back office, and the
 * plugins this till runs (and any that failed to load), with their versions.
 */
export function Marketplace({ runtime }: { runtime: TillRuntime }) {
  const { loaded, failed } = runtime.plugins;
  return (
    <section class="marketplace">
      <div class="marketplace-main">
        <Card title="Marketplace">
          <p>
            Finding, installing, configuring and switching plugins on and off is done in the back office, by staff who may manage plugins.
          </p>
          <LinkButton href={OFFICE_MARKETPLACE} variant="primary">
            Marketplace opens in the back office
          </LinkButton>
        </Card>
      </div>
      <aside class="on-this-till" aria-label="Plugins on this till">
        <h3>Plugins on this till</h3>
        <ul class="plugin-list" data-testid="plugins">
          {loaded.map((plugin) => (
            <li key={plugin.id}>
              <span class="name">{plugin.displayName}</span>
              <span class="version">
                {plugin.id} {plugin.version}
              </span>
            </li>
          ))}
          {failed.map((plugin) => (
            <li key={plugin.id} class="failed">
              <span class="name">{plugin.displayName}</span>
              <span class="version">not loaded: {plugin.reason}</span>
            </li>
          ))}
        </ul>
        {loaded.length === 0 && failed.length === 0 && <p class="placeholder">This till runs no plugins.</p>}
        <p class="hint">A plugin enabled or disabled in the back office reaches this till when the cashier next signs in.</p>
      </aside>
    </section>
  );
}
