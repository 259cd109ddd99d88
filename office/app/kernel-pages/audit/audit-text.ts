/** What the kernel's own actions mean, in words; a plugin's action is shown as it is named. */
const ACTIONS: Readonly<Record<string, string>> = {
  'tenancy.tenant.created': 'Opened the shop',
  'tenancy.user.created': 'Added a user',
  'tenancy.user.invited': 'Invited someone',
  'tenancy.user.pin_set': 'Set a till PIN',
  'tenancy.user.deactivated': 'Deactivated someone',
  'tenancy.user.reactivated': 'Reactivated someone',
  'tenancy.user.renamed': 'Renamed someone',
  'tenancy.role.created': 'Created a role',
  'tenancy.role.granted': 'Gave a role',
  'tenancy.role.revoked': 'Took a role away',
  'tenancy.location.created': 'Added a location',
  'tenancy.location.changed': 'Changed a location',
  'tenancy.device.registered': 'Registered a till',
  'tenancy.device.pairing_code_created': 'Made a pairing code',
  'tenancy.device.revoked': 'Revoked a device',
  'tenancy.devices.minimum_till_version_set': 'Set the minimum till version',
  'auth.api_key.created': 'Created an API key',
  'auth.api_key.revoked': 'Revoked an API key',
  'plugins.plugin.enabled': 'Enabled a plugin',
  'plugins.plugin.disabled': 'Disabled a plugin',
  'plugins.settings.updated': 'Changed plugin settings',
};

export const actionText = (action: string): string => ACTIONS[action] ?? action;

/** A short line of what the entry records (`name: Front till · locationId: 0193…`), ids shortened. */
export function detailText(detail: unknown): string {
  if (!detail || typeof detail !== 'object') return '';
  return Object.entries(detail as Record<string, unknown>)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([key, value]) => {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      return `${key}: ${/^[0-9a-f]{8}-[0-9a-f-]{27}$/.test(text) ? `${text.slice(0, 8)}…` : text.length > 60 ? `${text.slice(0, 57)}…` : text}`;
    })
    .join(' · ');
}
