// What `npm pack` would publish: compiled generators and every template, nothing else.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/paths.js';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe('npm pack', () => {
  it('contains the compiled generators, the bin and all templates (dotfiles included), and no sources or tests', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const files: string[] = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
    for (const f of ['package.json', 'README.md', 'dist/generators/cli.js', 'dist/generators/app/index.js', 'dist/generators/lib/choices.js']) {
      assert.ok(files.includes(f), `${f} packed`);
    }
    const templates = walk(path.join(repoRoot, 'templates')).map((p) => path.relative(repoRoot, p));
    assert.ok(templates.length > 20);
    for (const t of templates) assert.ok(files.includes(t), `template ${t} packed`);
    assert.ok(templates.some((t) => path.basename(t).startsWith('.') || /gitignore|dockerignore/.test(t)));
    const leaked = files.filter((f) => /\.ts$|(^|\/)test\//.test(f) || f.startsWith('dist/test') || f.startsWith('generators/') || f.startsWith('scripts/'));
    assert.deepEqual(leaked, []);
  });
});
