/** The permissions the kernel's own routes check; plugins declare theirs in their manifests. */
export const KERNEL_PERMISSIONS = [
  'kernel:tenant.manage',
  'kernel:locations.manage',
  'kernel:devices.manage',
  'kernel:devices.report',
  'kernel:users.manage',
  'kernel:roles.manage',
  'kernel:api-keys.manage',
  'kernel:plugins.manage',
  'kernel:audit.read',
] as const;
