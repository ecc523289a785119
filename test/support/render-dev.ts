// Developer helper: render a project without Yeoman.
//   node dist/test/support/render-dev.js OUTDIR '{"framework":"gin","lua":"gopher"}'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { appFiles } from '../../generators/app/files.js';
import { buildContext, type StoredConfig } from '../../generators/lib/context.js';
import { renderFiles } from '../../generators/lib/render.js';

const [out, json = '{}'] = process.argv.slice(2);
if (!out) throw new Error('usage: render-dev OUTDIR [json]');
const cfg: StoredConfig = {
  name: 'hello',
  module: 'example.com/hello',
  goVersion: '1.26',
  framework: 'nethttp',
  lua: 'none',
  port: 8080,
  target: 'scratch',
  upx: false,
  endpoints: [],
  ...JSON.parse(json),
};
const files = renderFiles(appFiles(buildContext(cfg)), buildContext(cfg));
rmSync(out, { recursive: true, force: true });
for (const [dest, contents] of files) {
  const p = path.join(out, dest);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, contents);
}
console.log(`rendered ${files.size} files into ${out}`);
