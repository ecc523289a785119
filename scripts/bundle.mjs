// Build step after tsc: replace dist/generators/cli.js (the bin) by a bundle of generators/cli.ts
// and everything it imports. Its lazily imported generation path (run.ts: Yeoman and the
// generators) becomes a separate chunk in dist/generators/bundle/, loaded only when something is
// generated. Loading two files is much faster than resolving and compiling the ~2,000 modules
// the generation path pulls from node_modules; --help and --version load only the small entry.
// The rest of dist/ (what `yo go-minimal` loads: dist/generators/app/index.js, ...) is tsc's.
//
// Bundled dependencies that look at their own location keep working:
// - `import.meta.url` in a dependency becomes the URL of that dependency's real file, found at
//   run time by Node's lookup (node_modules/<pkg> in the bundle's folder or any parent), so
//   reading their own package.json works from the repository and from an installed package;
// - CommonJS `__dirname` / `__filename` (only used for things the generators never reach) and
//   `require` of Node built-ins are provided by the banner.
//
// yeoman-environment is only a build-time (dev) dependency: the bin is its only user (`yo` brings
// its own), and the bundle carries all of it, so an install does not pull its tree (fly-import,
// npm's arborist, pacote, sigstore, node-gyp, ...). The two places where it reads its own
// package.json when loaded become literals here (see `inlined`); the build fails if they change.
import { readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const banner = `import { createRequire as __gmCreateRequire } from 'node:module';
import { existsSync as __gmExists } from 'node:fs';
import { dirname as __gmDirname, join as __gmJoin } from 'node:path';
import { fileURLToPath as __gmToPath, pathToFileURL as __gmToUrl } from 'node:url';
const require = __gmCreateRequire(import.meta.url);
const __gmBundleFile = __gmToPath(import.meta.url);
const __gmBundleDir = __gmDirname(__gmBundleFile);
function __gmDepUrl(pkg, rel) {
  for (let d = __gmBundleDir; ; d = __gmDirname(d)) {
    const root = __gmJoin(d, 'node_modules', pkg);
    if (__gmExists(__gmJoin(root, 'package.json'))) return __gmToUrl(__gmJoin(root, rel)).href;
    if (__gmDirname(d) === d) return import.meta.url;
  }
}`;

/** node_modules/a/node_modules/@s/b/lib/x.js -> ['@s/b', 'lib/x.js'] */
function packageOf(file) {
  const tail = file.split(`${path.sep}node_modules${path.sep}`).pop().split(path.sep);
  const n = tail[0].startsWith('@') ? 2 : 1;
  return [tail.slice(0, n).join('/'), tail.slice(n).join('/')];
}

// Bundled packages that are not installed with go-minimal: their reads of their own package.json
// at load time, replaced by the value read now. Without them, `import.meta.url` of these packages
// falls back to the bundle's own URL (__gmDepUrl), which is only used for generator lookups by path,
// which the bin never does (run.ts registers its generators as classes).
const devPkg = (name) => JSON.parse(readFileSync(path.join('node_modules', name, 'package.json'), 'utf8'));
const inlined = {
  'yeoman-environment': {
    'dist/environment-base.js': ["require('../package.json').version", JSON.stringify(devPkg('yeoman-environment').version)],
    'dist/module-lookup.js': ["JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json')).toString()).name", JSON.stringify(devPkg('yeoman-environment').name)],
  },
};
const notInlined = new Set(Object.values(inlined).flatMap((files) => Object.keys(files).map((f) => files[f][0])));

const ownLocation = {
  name: 'dependency-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/].*\.m?js$/ }, async (args) => {
      let src = await readFile(args.path, 'utf8');
      if (!src.includes('import.meta.url')) return undefined;
      const [pkg, rel] = packageOf(args.path);
      const [from, to] = inlined[pkg]?.[rel] ?? [];
      if (from !== undefined) {
        if (!src.includes(from)) throw new Error(`bundle: ${pkg}/${rel} no longer contains ${from}: check what it reads from its package.json`);
        src = src.replace(from, to);
        notInlined.delete(from);
      }
      return { contents: src.replaceAll('import.meta.url', `__gmDepUrl(${JSON.stringify(pkg)}, ${JSON.stringify(rel)})`), loader: 'js' };
    });
  },
};

// fly-import installs generators from npm at run time (pulling in npm's arborist, pacote,
// sigstore, tar: a third of the bundle). The go-minimal bin only runs its own three generators,
// so the bundle gets a stand-in that refuses, clearly, if that path were ever reached.
const flyImportStub = `
const refuse = () => { throw new Error('go-minimal: installing generators from npm is not supported by this bin'); };
export class FlyRepository {
  constructor(options = {}) { this.repositoryPath = options.repositoryPath; }
  install() { return refuse(); }
  import() { return refuse(); }
  resolve() { return refuse(); }
}
export const resetConfig = () => {};
export const defineConfig = () => {};
export const getConfig = () => ({});
export const getDefaultRepository = () => new FlyRepository();
export const flyInstall = async () => refuse();
export const flyImport = async () => refuse();
`;
// @inquirer/external-editor (the "editor" prompt: write an answer in $EDITOR) carries iconv-lite,
// a quarter of the bundle. No go-minimal prompt is an editor prompt.
const externalEditorStub = `
const refuse = () => { throw new Error('go-minimal: editor prompts are not supported by this bin'); };
export class CreateFileError extends Error {}
export class LaunchEditorError extends Error {}
export class ReadFileError extends Error {}
export class RemoveFileError extends Error {}
export const edit = refuse;
export const editAsync = refuse;
export class ExternalEditor { constructor() { refuse(); } }
`;
const stubs = { 'fly-import': flyImportStub, '@inquirer/external-editor': externalEditorStub };
const stubbed = {
  name: 'stubbed-dependencies',
  setup(b) {
    b.onResolve({ filter: /^(fly-import|@inquirer\/external-editor)$/ }, (args) => ({ path: args.path, namespace: 'go-minimal-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'go-minimal-stub' }, (args) => ({ contents: stubs[args.path], loader: 'js' }));
  },
};

await rm('dist/generators/bundle', { recursive: true, force: true });
await build({
  entryPoints: ['generators/cli.ts'],
  outdir: 'dist/generators',
  entryNames: '[name]',
  chunkNames: 'bundle/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  banner: { js: banner },
  define: { __dirname: '__gmBundleDir', __filename: '__gmBundleFile' },
  plugins: [stubbed, ownLocation],
  minify: true,
  keepNames: true,
  legalComments: 'none',
  allowOverwrite: true,
});
if (notInlined.size) throw new Error(`bundle: not found in the bundled code: ${[...notInlined].join('; ')}`);
