// yeoman-test helpers shared by the unit tests.
import helpers from 'yeoman-test';
import { generatorPath } from './paths.js';

export const appGenerator = generatorPath('app');

/** The app generator with --defaults --skip-install, into ./<args[0]> of a fresh temp dir. */
export const runApp = (options: Record<string, unknown>, args: string[] = ['svc']) =>
  helpers
    .run(appGenerator, { namespace: 'go-minimal:app' })
    .withArguments(args)
    .withOptions({ skipInstall: true, defaults: true, ...options } as never);
