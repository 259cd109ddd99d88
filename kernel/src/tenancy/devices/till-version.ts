import { badRequest } from '@kits/plugin-sdk';
import semver from 'semver';

/** A till older than the tenant's minimum (or one that never said its version, once there is a minimum) must update. */
export function tillNeedsUpdate(version: string | null, minimum: string | null): boolean {
  if (minimum === null) return false;
  if (version === null || !semver.valid(version)) return true;
  return semver.lt(version, minimum);
}

/** A version as a till or the office writes it ("1.4.2"); 400 naming the field otherwise. */
export function requireVersion(value: string, field: string): string {
  const valid = semver.valid(value.trim());
  if (!valid)
    throw badRequest('tenancy.invalid_version', `${field} "${value}" is not a version number like 1.4.2 (semantic versioning).`, {
      errors: [{ field, message: 'is not a version number like 1.4.2' }],
    });
  return valid;
}
