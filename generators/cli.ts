#!/usr/bin/env node
// go-minimal [name] [flags] | go-minimal endpoint <name> [flags] | go-minimal image <target> [flags] | go-minimal update [flags]
// The package's own launcher: runs the generators through yeoman-environment, so `yo` is not needed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEnv } from 'yeoman-environment';
import { detectGit, detectLocalGo } from './lib/base.js';
import { helpText } from './lib/choices.js';

const subGenerators = ['app', 'endpoint', 'image', 'update'] as const;
const here = path.dirname(fileURLToPath(import.meta.url));

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  const sub = first === 'endpoint' || first === 'image' || first === 'update' ? first : 'app';
  const args = sub === 'app' ? argv : rest;

  if (sub === 'app' && (args.includes('--help') || args.includes('-h'))) {
    console.log(helpText({ localGo: detectLocalGo(), git: detectGit() }));
    return 0;
  }

  const env = createEnv({
    force: args.includes('--force') || args.includes('--force=true'),
    skipInstall: args.includes('--skip-install'),
  } as never);
  for (const name of subGenerators) {
    env.register(path.join(here, name, 'index.js'), { namespace: `go-minimal:${name}` });
  }
  const help = args.includes('--help') || args.includes('-h');
  try {
    await env.run([`go-minimal:${sub}`, ...args], { help } as never);
    // a generator may report a non-error outcome with a code (update: 3 = conflicts left)
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    const err = error as Error;
    // One clear line for the user; the stack only when asked for.
    console.error(`go-minimal: error: ${err.message.split('\n')[0]}`);
    if (process.env.GO_MINIMAL_DEBUG) console.error(err.stack);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
