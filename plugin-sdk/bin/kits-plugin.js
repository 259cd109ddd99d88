#!/usr/bin/env node
// Runs the built CLI when there is one (a published SDK), the TypeScript source otherwise (this repo).
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli/main.js', import.meta.url);
await import(existsSync(built) ? built.href : new URL('../src/cli/main.ts', import.meta.url).href);
