// Template hygiene: every template is used by some variant, none uses HTML-escaping <%=.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { appFiles } from '../../generators/app/files.js';
import { imageFiles } from '../../generators/image/files.js';
import { endpointFiles } from '../../generators/endpoint/files.js';
import { buildContext, type StoredConfig } from '../../generators/lib/context.js';
import { templatesRoot } from '../../generators/lib/render.js';
import { targets } from '../../generators/lib/targets.js';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

export function allVariants(): StoredConfig[] {
  const out: StoredConfig[] = [];
  for (const framework of ['gin', 'nethttp'] as const)
    for (const lua of ['none', 'gopher', 'golua'] as const)
      for (const t of targets)
        for (const upx of [false, true])
          // the opt-in extras ride along with upx: both sides of each are covered
          out.push({ name: 'svc', module: 'example.com/svc', goVersion: '1.26', framework, lua, port: 8080, target: t.name, upx, ci: upx, k8s: upx, compose: upx, endpoints: [{ name: 'user-profile', path: '/user-profile', method: 'POST' }] });
  return out;
}

describe('templates', () => {
  const root = templatesRoot();
  const all = walk(root).map((p) => path.relative(root, p));

  it('never use <%= (HTML escaping would corrupt Go, YAML and Dockerfiles)', () => {
    for (const t of all) assert.doesNotMatch(readFileSync(path.join(root, t), 'utf8'), /<%=/, t);
  });

  it('are all reachable from some variant (no orphans) and all referenced ones exist', () => {
    const used = new Set<string>();
    for (const cfg of allVariants()) {
      const ctx = buildContext(cfg);
      for (const f of [...appFiles(ctx), ...imageFiles(ctx), ...endpointFiles(ctx, 'user-profile')]) used.add(f.template);
    }
    for (const u of used) assert.ok(all.includes(u), `referenced template ${u} exists`);
    const partials = all.filter((t) => !used.has(t));
    // partials are pulled in with ejs include(); everything else must be used
    for (const p of partials) assert.match(p, /(^|\/)(final|partials)\//, `orphan template ${p}`);
  });

  it('has one final-stage template per target', () => {
    for (const t of targets) assert.ok(all.includes(`image/final/${t.name}.ejs`), t.name);
  });
});
