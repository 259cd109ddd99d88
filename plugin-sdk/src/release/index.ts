// Releases of plugins: packing, integrity, publisher keys and signatures, reading and unpacking
// tarballs. Node-only; used by the kits-plugin CLI, the registry and the kernel.
export * from './integrity.ts';
export * from './keys.ts';
export * from './pack.ts';
export * from './tarball.ts';
