// Pure rendering: (context, file list) -> { destination path: contents }.
// The generators only write this map into Yeoman's mem-fs, so conflict handling,
// --dry-run and tests all see the same bytes.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';

export interface FileSpec {
  /** path under templates/ ; a trailing .ejs means "render with ejs" */
  template: string;
  /** path in the generated project */
  dest: string;
}

let cachedRoot: string | undefined;

/** templates/ of this package, found by walking up from the compiled module (works from dist/ and node_modules). */
export function templatesRoot(): string {
  // hidden, for tests that simulate a later release of the templates (see generators/lib/release.ts)
  if (process.env.GO_MINIMAL_TEMPLATES) return path.resolve(process.env.GO_MINIMAL_TEMPLATES);
  if (cachedRoot) return cachedRoot;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'templates')) && existsSync(path.join(dir, 'package.json'))) {
      cachedRoot = path.join(dir, 'templates');
      return cachedRoot;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('generator-go-minimal: templates/ folder not found next to package.json');
    dir = parent;
  }
}

export function renderTemplate(template: string, data: object): string {
  const file = path.join(templatesRoot(), template);
  const src = readFileSync(file, 'utf8');
  if (!template.endsWith('.ejs')) return src;
  // Go code must never see HTML escaping: templates use <%- only; <%= is refused by a unit test.
  // root: include('/app/...') names a template by its path under templates/ (the catalogues do)
  return ejs.render(src, data as ejs.Data, { filename: file, root: templatesRoot(), async: false });
}

export function renderFiles(files: FileSpec[], data: object): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files) {
    if (out.has(f.dest)) throw new Error(`internal: two templates write ${f.dest}`);
    out.set(f.dest, renderTemplate(f.template, data));
  }
  return out;
}
