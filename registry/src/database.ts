/**
 * The slice of the kernel's database layer the registry uses (the kernel's `Database` fits it):
 * `$n`-parameter SQL, and transactions. The host opens it — PGlite or PostgreSQL — and migrates
 * the `registry` schema with `REGISTRY_MIGRATIONS`.
 */
export interface RegistrySql {
  query<Row extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface RegistryDatabase extends RegistrySql {
  transaction<T>(options: { readonly tenantId?: undefined }, fn: (tx: RegistrySql) => Promise<T>): Promise<T>;
}
