// The generation path of the go-minimal bin: everything that needs Yeoman. cli.ts loads it
// lazily (in the built bin it is a bundled chunk, see scripts/bundle.mjs), so --help and
// --version never pay for it.
import path from 'node:path';
import { createEnv } from 'yeoman-environment';
import AppGenerator from './app/index.js';
import EndpointGenerator from './endpoint/index.js';
import ImageGenerator from './image/index.js';
import UpdateGenerator from './update/index.js';
import { templatesRoot } from './lib/render.js';

export type SubGenerator = 'app' | 'endpoint' | 'image' | 'update';

const classes = { app: AppGenerator, endpoint: EndpointGenerator, image: ImageGenerator, update: UpdateGenerator } as const;

/** Run one generator with the user's arguments; throws what the generator threw. */
export async function runGenerator(sub: SubGenerator, args: string[]): Promise<void> {
  // nobody can answer a prompt on a pipe: the generators refuse instead of asking (base.ts _mayAsk)
  if (!process.stdin.isTTY && process.env.GO_MINIMAL_INTERACTIVE !== '1') process.env.GO_MINIMAL_NO_TTY = '1';
  const env = createEnv({
    force: args.includes('--force') || args.includes('--force=true'),
    skipInstall: args.includes('--skip-install'),
  } as never);
  for (const [name, Gen] of Object.entries(classes)) {
    // `resolved` is where the compiled generator lives (also when this code runs from the
    // bundle): Yeoman finds this package's package.json (generator name and version) from there.
    const resolved = path.join(path.dirname(templatesRoot()), 'dist', 'generators', name, 'index.js');
    env.register(Gen, { namespace: `go-minimal:${name}`, resolved } as never);
  }
  await env.run([`go-minimal:${sub}`, ...args], {} as never);
}
