/** Both databases a plugin's storage tests run on (`createTestKernel({ db })`): `describe.each(DATABASE_KINDS)`. */
export const DATABASE_KINDS = ['pglite', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];
