// The kernel serves only the folder of the manifest's till entry: this file sits at the top of that
// folder (dist/till-bundle), so the bundle holds both till/ and the shared/ pricing it imports.
export { default } from './till/index.tsx';
