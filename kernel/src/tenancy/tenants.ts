import { conflict } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { hashSecret } from '../auth/passwords.ts';
import type { Database } from '../db/database.ts';
import { auditLog, type AuditActor } from './audit.ts';

export interface NewTenant {
  readonly slug: string;
  readonly name: string;
  readonly currency: string;
  readonly timezone?: string;
  readonly admin: { readonly email: string; readonly password: string; readonly displayName: string };
}

export interface TenantView {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly currency: string;
  readonly timezone: string;
  readonly createdAt: string;
}

export const OWNER_ROLE = 'Owner';

/** Creates a tenant with an Owner role (every permission) and its first admin, in one transaction. */
export async function createTenant(db: Database, input: NewTenant, createdBy: AuditActor): Promise<TenantView> {
  const taken = await db.query('select 1 from kernel.tenants where slug = $1', [input.slug]);
  if (taken.length > 0) throw conflict('tenancy.slug_taken', `The tenant slug "${input.slug}" is taken; choose another.`);
  const tenantId = uuidv7();
  const adminId = uuidv7();
  const roleId = uuidv7();
  const passwordHash = await hashSecret(input.admin.password);
  return db.transaction({ tenantId }, async (tx) => {
    const [row] = await tx.query<{ created_at: Date; timezone: string }>(
      'insert into kernel.tenants (tenant_id, slug, name, currency, timezone) values ($1, $2, $3, $4, $5) returning created_at, timezone',
      [tenantId, input.slug, input.name, input.currency, input.timezone ?? 'UTC'],
    );
    await tx.query('insert into kernel.roles (tenant_id, role_id, name, permissions) values ($1, $2, $3, $4)', [
      tenantId,
      roleId,
      OWNER_ROLE,
      ['*'],
    ]);
    await tx.query('insert into kernel.users (tenant_id, user_id, email, display_name, password_hash) values ($1, $2, $3, $4, $5)', [
      tenantId,
      adminId,
      input.admin.email,
      input.admin.displayName,
      passwordHash,
    ]);
    await tx.query('insert into kernel.role_grants (tenant_id, grant_id, user_id, role_id, location_id) values ($1, $2, $3, $4, null)', [
      tenantId,
      uuidv7(),
      adminId,
      roleId,
    ]);
    await auditLog(tx, { tenantId, ...createdBy }, 'tenancy.tenant.created', {
      slug: input.slug,
      adminEmail: input.admin.email,
    });
    return {
      id: tenantId,
      slug: input.slug,
      name: input.name,
      currency: input.currency,
      timezone: row!.timezone,
      createdAt: new Date(row!.created_at).toISOString(),
    };
  });
}
