import { parseCapability, pluginSchemaName } from '@kits/plugin-sdk';
import type { Sql } from '../db/database.ts';
import { pluginRole } from '../db/database.ts';
import type { PluginCatalog, PluginPackage } from './discovery.ts';

/** The database role a plugin version's statements run as (one per schema). */
export const roleOf = (pkg: PluginPackage): string => pluginRole(pluginSchemaName(pkg.manifest));

const declaredNames = (pkg: PluginPackage): Set<string> =>
  new Set([...Object.keys(pkg.manifest.requires ?? {}), ...Object.keys(pkg.manifest.optionalRequires ?? {})]);
const providedNames = (pkg: PluginPackage): Set<string> => new Set((pkg.manifest.provides ?? []).map((c) => parseCapability(c).name));

/**
 * A plugin role is made a member of the roles of the plugins providing the capabilities it
 * declares (`requires`, `optionalRequires`): a transaction runs as the role of the plugin whose
 * route, handler or job it is, and the services that plugin calls run in it without a switch of
 * role. Undeclared plugins' schemas stay out of reach. Granted only where missing (every start
 * runs this), never in a cycle (two plugins requiring each other switch roles instead).
 */
export async function grantDeclaredProviders(sql: Sql, catalog: PluginCatalog, pkg: PluginPackage): Promise<void> {
  const all = catalog.all();
  const pairs: Array<[member: string, of: string]> = [];
  for (const other of all) {
    if (other.id === pkg.id) continue;
    if ([...providedNames(other)].some((name) => declaredNames(pkg).has(name))) pairs.push([roleOf(pkg), roleOf(other)]);
    if ([...providedNames(pkg)].some((name) => declaredNames(other).has(name))) pairs.push([roleOf(other), roleOf(pkg)]);
  }
  for (const [member, of] of pairs) {
    if (member === of) continue;
    const [row] = await sql.query<{ state: 'missing' | 'granted' | 'cycle' | 'grant' }>(
      `select case when (select count(*) from pg_roles where rolname in ($1, $2)) < 2 then 'missing'
                   when pg_has_role($1, $2, 'usage') then 'granted'
                   when pg_has_role($2, $1, 'member') then 'cycle'
                   else 'grant' end as state`,
      [member, of],
    );
    if (row?.state !== 'grant') continue;
    await sql.query(`do $$ begin grant ${of} to ${member}; exception when duplicate_object or invalid_grant_operation then null; end $$`);
  }
}

/** Which plugin roles each plugin role may act as (its own and those it is a member of). */
export async function readRoleInheritance(sql: Sql): Promise<Map<string, Set<string>>> {
  const rows = await sql.query<{ member: string; role: string }>(
    `select m.rolname as member, r.rolname as role
       from pg_roles m cross join pg_roles r
      where m.rolname like 'kits\\_plugin\\_%' and r.rolname like 'kits\\_plugin\\_%' and m.rolname <> r.rolname
        and pg_has_role(m.oid, r.oid, 'usage')`,
  );
  const inherits = new Map<string, Set<string>>();
  for (const { member, role } of rows) {
    let set = inherits.get(member);
    if (!set) inherits.set(member, (set = new Set()));
    set.add(role);
  }
  return inherits;
}
