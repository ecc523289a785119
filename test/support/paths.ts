import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repo root (works from dist/test/support). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const generatorPath = (name: string) => path.join(repoRoot, 'dist/generators', name, 'index.js');
export const cliPath = path.join(repoRoot, 'dist/generators/cli.js');
