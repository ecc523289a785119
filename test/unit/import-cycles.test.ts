// generators/ has no import cycle: every relative import of the TypeScript sources (type-only
// imports included, they couple the modules just the same) forms an acyclic graph.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/paths.js';

type Graph = Map<string, string[]>;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/** Relative specifiers of import/export ... from, bare imports and import() calls. */
export function relativeImports(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const specs: string[] = [];
  const re = /\b(?:import|export)\s+(?:type\s+)?(?:[\s\S]*?\bfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
  for (const m of code.matchAll(re)) specs.push((m[1] ?? m[2])!);
  return specs;
}

function buildGraph(root: string): Graph {
  const graph: Graph = new Map();
  for (const file of tsFiles(root)) {
    const deps = relativeImports(readFileSync(file, 'utf8')).map((s) => path.resolve(path.dirname(file), s.replace(/\.js$/, '.ts')));
    graph.set(file, deps);
  }
  return graph;
}

/** One cycle as a path a -> b -> ... -> a, or null. */
export function findCycle(graph: Graph): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | null => {
    if (state.get(n) === 'done') return null;
    if (state.get(n) === 'open') return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 'open');
    stack.push(n);
    for (const d of graph.get(n) ?? []) {
      const c = visit(d);
      if (c) return c;
    }
    stack.pop();
    state.set(n, 'done');
    return null;
  };
  for (const n of [...graph.keys()].sort()) {
    const c = visit(n);
    if (c) return c;
  }
  return null;
}

describe('import graph of generators/', () => {
  it('the parser and the cycle finder work (on known inputs)', () => {
    assert.deepEqual(
      relativeImports(
        "import a from './a.js';\nimport type { B } from '../lib/b.js';\nexport { c } from './c.js';\nimport {\n  d,\n} from './d.js';\nimport 'node:fs';\nimport x from 'yaml';\n// import z from './z.js';\nconst e = await import('./e.js');\n",
      ),
      ['./a.js', '../lib/b.js', './c.js', './d.js', './e.js'],
    );
    assert.deepEqual(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]])), ['a', 'b', 'c', 'a']);
    assert.equal(findCycle(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]])), null);
  });

  it('has no cycle', () => {
    const root = path.join(repoRoot, 'generators');
    const graph = buildGraph(root);
    assert.ok(graph.size >= 15, `found ${graph.size} modules`);
    const edges = [...graph.values()].reduce((n, d) => n + d.length, 0);
    assert.ok(edges >= 30, `found ${edges} imports`);
    for (const [file, deps] of graph) for (const d of deps) assert.ok(graph.has(d), `${path.relative(root, file)} imports missing ${path.relative(root, d)}`);
    const cycle = findCycle(graph);
    assert.equal(cycle, null, `import cycle: ${cycle?.map((f) => path.relative(root, f)).join(' -> ')}`);
  });
});
