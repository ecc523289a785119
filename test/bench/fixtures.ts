// The seeds' own Dockerfiles (test/fixtures/seed-dockerfiles), compared with ours.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir } from './config.js';

// ---- seed fixtures ----------------------------------------------------------------------------

export interface Fixture {
  id: string;
  file: string;
  source: string;
  binary: string;
  reported: string;
  unbuildable?: string;
  seed: string;
  adaptations: string[];
}

export function readFixtures(): Fixture[] {
  return readdirSync(fixturesDir)
    .filter((f) => f.endsWith('.Dockerfile'))
    .sort()
    .map((f) => {
      const text = readFileSync(path.join(fixturesDir, f), 'utf8');
      const line = /^# bench: (.+)$/m.exec(text)?.[1];
      if (!line) throw new Error(`${f}: no "# bench:" header line`);
      const kv = (k: string) => new RegExp(`(?:^| )${k}=(\\S+)`).exec(line)?.[1];
      const unbuildable = /(?:^| )unbuildable=(.+)$/.exec(line)?.[1];
      const header = text.slice(0, text.indexOf('# bench:')).split('\n').map((l) => l.replace(/^# ?/, ''));
      const adaptations: string[] = [];
      let cur = '';
      for (const l of header) {
        if (/^ {2}- /.test(l)) {
          if (cur) adaptations.push(cur);
          cur = l.replace(/^ {2}- /, '').trim();
        } else if (cur && /^ {4}\S/.test(l)) cur += ' ' + l.trim();
        else if (cur) {
          adaptations.push(cur);
          cur = '';
        }
      }
      if (cur) adaptations.push(cur);
      return {
        id: kv('id')!,
        file: f,
        source: kv('source')!,
        binary: kv('binary')!,
        reported: kv('reported') ?? '?',
        unbuildable,
        seed: /^Seed (\d+)/m.exec(header.join('\n'))?.[1] ?? '?',
        adaptations,
      };
    });
}
