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
import { frameworkNames, frameworks, luaEngineNames } from '../../generators/lib/catalogue.js';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

export function allVariants(): StoredConfig[] {
  const out: StoredConfig[] = [];
  for (const framework of frameworkNames)
    for (const lua of luaEngineNames)
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
    // partials are pulled in with ejs include(): by a literal path, or by a path the framework
    // catalogue names; everything else must be used
    const included = new Set<string>(Object.values(frameworks).map((f) => f.adapters.generated));
    for (const t of all) {
      for (const m of readFileSync(path.join(root, t), 'utf8').matchAll(/include\('([^']+)'\)/g)) {
        included.add(m[1]!.startsWith('/') ? m[1]!.slice(1) : path.join(path.dirname(t), m[1]!));
      }
    }
    for (const i of included) assert.ok(all.includes(i), `included template ${i} exists`);
    const partials = all.filter((t) => !used.has(t));
    for (const p of partials) assert.ok(included.has(p) || /(^|\/)final\//.test(p), `orphan template ${p}`);
  });

  // "Templates render; they do not decide": a scriptlet may only open or close a loop or a
  // section (for/if/else over values the context computed); no template compares a value with a
  // literal (a choice name) or declares its own variables.
  it('only interpolate and loop: no literal comparisons, no declarations', () => {
    const scriptlet = /<%[_]?(?![-=#])([\s\S]*?)[_-]?%>/g;
    const allowed = /^\s*(\}\s*)?((for|if)\s*\(.*\)\s*\{|else\s*(if\s*\(.*\)\s*)?\{)?\s*$/;
    for (const t of all.filter((f) => f.endsWith('.ejs'))) {
      const src = readFileSync(path.join(root, t), 'utf8');
      for (const m of src.matchAll(scriptlet)) {
        const body = m[1]!.replace(/\s+/g, ' ');
        assert.match(body, allowed, `${t}: scriptlet does more than loop or branch: <%${body}%>`);
      }
      for (const m of src.matchAll(/<%([\s\S]*?)%>/g)) {
        assert.doesNotMatch(m[1]!, /[!=]==?\s*['"`]|['"`]\s*[!=]==?/, `${t}: compares with a literal: <%${m[1]}%>`);
        assert.doesNotMatch(m[1]!.replace(/for\s*\(\s*const\s+.*?\s+of\s/g, 'for ('), /\b(const|let|var)\b/, `${t}: declares a variable: <%${m[1]}%>`);
      }
    }
  });

  it('has one final-stage template per target', () => {
    for (const t of targets) assert.ok(all.includes(`image/final/${t.name}.ejs`), t.name);
  });
});
