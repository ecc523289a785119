#!/usr/bin/env node
// go-minimal [name] [flags] | go-minimal endpoint <name> [flags] | go-minimal image <target> [flags] | go-minimal update [flags]
// The package's own launcher: runs the generators through yeoman-environment, so `yo` is not needed.
// --help and --version are answered from the choices table and package.json alone; Yeoman is
// imported only when something is generated (it is most of the start-up time). `npm run build`
// replaces the tsc output of this file by a bundle (scripts/bundle.mjs) that loads fast.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSubName, subHelpText } from './lib/commands.js';
import { helpText } from './lib/choices.js';
import { detectGit, detectLocalGo } from './lib/detect.js';
import { applyColourPolicy, oneLine } from './lib/terminal.js';

/** The package version, from this package's package.json (found upwards from this file). */
function packageVersion(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'generator-go-minimal') return pkg.version;
    }
    if (path.dirname(dir) === dir) throw new Error('package.json of generator-go-minimal not found');
  }
}

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  const sub = isSubName(first) ? first : 'app';
  const args = sub === 'app' ? argv : rest;
  const help = args.includes('--help') || args.includes('-h');

  if (args.includes('--version') || args.includes('-v')) {
    console.log(packageVersion());
    return 0;
  }
  if (help) {
    console.log(sub === 'app' ? helpText({ localGo: detectLocalGo(), git: detectGit() }) : subHelpText(sub));
    return 0;
  }

  applyColourPolicy(process.env, Boolean(process.stdout.isTTY), Boolean(process.stderr.isTTY));
  try {
    // Loaded only here. In the built bin (scripts/bundle.mjs) this is a pre-bundled chunk.
    const { runGenerator } = await import('./run.js');
    await runGenerator(sub, args);
    // a generator may report a non-error outcome with a code (update: 3 = conflicts left)
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    const err = error as Error;
    // One clear line for the user; the stack only when asked for.
    // our refusals are one line by construction (values escaped); anything else: its first line
    console.error(`go-minimal: error: ${err.name === 'UsageError' ? oneLine(err.message) : err.message.split('\n')[0]}`);
    if (process.env.GO_MINIMAL_DEBUG) console.error(err.stack);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
