/**
 * The till bundle's entry (the manifest's `till`). It sits at the top of the compiled bundle, whose
 * folder is all the kernel serves, so that folder holds both `till/` and the `shared/` encoder.
 */
export { default } from './till/index.ts';
