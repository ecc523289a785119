// The installed generator's version, as recorded in .yo-rc.json (generatorVersion).
// GO_MINIMAL_VERSION (hidden, like GO_MINIMAL_TEMPLATES in render.ts) lets tests simulate a
// later release without publishing one.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { templatesRoot } from './render.js';

export function generatorVersion(): string {
  if (process.env.GO_MINIMAL_VERSION) return process.env.GO_MINIMAL_VERSION;
  // package.json sits next to the real templates/ (not next to a GO_MINIMAL_TEMPLATES copy)
  const saved = process.env.GO_MINIMAL_TEMPLATES;
  delete process.env.GO_MINIMAL_TEMPLATES;
  try {
    const pkg = JSON.parse(readFileSync(path.join(path.dirname(templatesRoot()), 'package.json'), 'utf8')) as { version: string };
    return pkg.version;
  } finally {
    if (saved !== undefined) process.env.GO_MINIMAL_TEMPLATES = saved;
  }
}
