import type { TillRuntime } from '../till-runtime.ts';

/**
 * The place of the marketplace on the till: the plugins this till runs (and any that failed to
 * load), with their versions. Finding and installing plugins comes with the plugin registry.
 */
export function Marketplace({ runtime }: { runtime: TillRuntime }) {
  const { loaded, failed } = runtime.plugins;
  return (
    <section class="marketplace">
      <h2>Plugins on this till</h2>
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
      <p class="hint">
        Finding, installing and upgrading plugins from the marketplace comes with the plugin registry; until then the back office enables
        them for the store (<code>POST /api/v1/plugins/&lt;id&gt;/enable</code>) and every till picks them up when it next signs in.
      </p>
    </section>
  );
}
