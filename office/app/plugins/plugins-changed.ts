/**
 * Said when the tenant's plugins change from this office (enabled, disabled, their settings saved):
 * the office loads its plugins' pages again, so a plugin just enabled is in the navigation at once.
 */
const PLUGINS_CHANGED = 'kits-office:plugins-changed';

export function announcePluginsChanged(): void {
  dispatchEvent(new Event(PLUGINS_CHANGED));
}

/** Calls `onChange` each time the plugins change; returns the unsubscribe. */
export function watchPluginsChanged(onChange: () => void): () => void {
  addEventListener(PLUGINS_CHANGED, onChange);
  return () => removeEventListener(PLUGINS_CHANGED, onChange);
}
