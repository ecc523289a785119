#!/usr/bin/env node
// Builds an offline Go vulnerability database for `govulncheck -db file:///DIR` from the
// golang.org/x/vulndb module (served by the Go module proxy): its data/osv/*.json entries are
// written in the database's v1 layout (https://go.dev/security/vuln/database#api):
//   index/db.json       {"modified": <newest entry's modified>}
//   index/modules.json  [{"path", "vulns": [{"id", "modified", "fixed"}]}]
//   index/vulns.json    [{"id", "modified", "aliases"}]
//   ID/<GO-id>.json     the OSV entry itself
// Usage: node scripts/vulndb.mjs OUT_DIR [VERSION]   (VERSION defaults to "latest")
// Prints one JSON line: {"dir", "version", "entries", "modified"}.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const [outArg, version = 'latest'] = process.argv.slice(2);
if (!outArg) {
  console.error('usage: node scripts/vulndb.mjs OUT_DIR [VERSION]');
  process.exit(2);
}
const out = path.resolve(outArg);

const dl = JSON.parse(execFileSync('go', ['mod', 'download', '-json', `golang.org/x/vulndb@${version}`], { encoding: 'utf8', maxBuffer: 16 << 20 }));
if (dl.Error || !dl.Dir) throw new Error(`go mod download golang.org/x/vulndb@${version}: ${dl.Error ?? 'no Dir'}`);
const osvDir = path.join(dl.Dir, 'data', 'osv');
if (!existsSync(osvDir)) throw new Error(`${osvDir} missing: not the expected vulndb layout`);

/** Compare two SemVer 2.0.0 versions without "v": numeric core, a pre-release sorts first. */
export function semverCompare(a, b) {
  const [ca, pa] = splitPre(a);
  const [cb, pb] = splitPre(b);
  for (let i = 0; i < 3; i++) {
    const d = (ca[i] ?? 0) - (cb[i] ?? 0);
    if (d !== 0) return d;
  }
  if (pa === pb) return 0;
  if (pa === '') return 1;
  if (pb === '') return -1;
  return pa < pb ? -1 : 1;
}
function splitPre(v) {
  const i = v.indexOf('-');
  const core = (i < 0 ? v : v.slice(0, i)).split('+')[0].split('.').map(Number);
  return [core, i < 0 ? '' : v.slice(i + 1)];
}

mkdirSync(path.join(out, 'ID'), { recursive: true });
mkdirSync(path.join(out, 'index'), { recursive: true });
const modules = new Map();
const vulns = [];
let newest = '';
const files = readdirSync(osvDir).filter((f) => f.endsWith('.json')).sort();
for (const f of files) {
  const raw = readFileSync(path.join(osvDir, f), 'utf8');
  const entry = JSON.parse(raw);
  if (!entry.id || !entry.modified) throw new Error(`${f}: no id or modified`);
  writeFileSync(path.join(out, 'ID', `${entry.id}.json`), raw);
  vulns.push({ id: entry.id, modified: entry.modified, aliases: entry.aliases ?? [] });
  if (entry.modified > newest) newest = entry.modified;
  for (const aff of entry.affected ?? []) {
    const modPath = aff.module?.path ?? aff.package?.name;
    if (!modPath) continue;
    let fixed = '';
    for (const range of aff.ranges ?? []) {
      for (const ev of range.events ?? []) {
        if (ev.fixed && (fixed === '' || semverCompare(ev.fixed, fixed) > 0)) fixed = ev.fixed;
      }
    }
    const meta = modules.get(modPath) ?? { path: modPath, vulns: [] };
    if (!meta.vulns.some((v) => v.id === entry.id)) meta.vulns.push({ id: entry.id, modified: entry.modified, ...(fixed ? { fixed } : {}) });
    modules.set(modPath, meta);
  }
}
if (vulns.length === 0) throw new Error(`${osvDir}: no entries`);
// The repository's entries carry a zero "modified" (the hosted database fills it in when it
// deploys): then the database is as new as the module's commit, from its pseudo-version.
const zero = (t) => t === '' || t.startsWith('0001-01-01');
if (zero(newest)) {
  const m = /-(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)-[0-9a-f]{12}$/.exec(dl.Version);
  newest = m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : new Date(0).toISOString();
}
const sortedModules = [...modules.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
for (const m of sortedModules) m.vulns.sort((a, b) => (a.id < b.id ? -1 : 1));
writeFileSync(path.join(out, 'index', 'modules.json'), JSON.stringify(sortedModules));
writeFileSync(path.join(out, 'index', 'vulns.json'), JSON.stringify(vulns));
writeFileSync(path.join(out, 'index', 'db.json'), JSON.stringify({ modified: newest }));
console.log(JSON.stringify({ dir: out, version: dl.Version, entries: vulns.length, modified: newest }));
