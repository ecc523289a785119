// Locating an existing generated project and tracking the files the generator owns.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_KEY_NAME } from './constants.js';

/** Walk up from `start` to the folder whose .yo-rc.json has our key. */
export function findProjectRoot(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    const rc = path.join(dir, '.yo-rc.json');
    if (existsSync(rc)) {
      try {
        const json = JSON.parse(readFileSync(rc, 'utf8')) as Record<string, unknown>;
        if (json[CONFIG_KEY_NAME]) return dir;
      } catch {
        // unreadable .yo-rc.json: keep walking, the error below names the start folder
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function sha256(contents: string): string {
  return createHash('sha256').update(contents.replace(/\r\n/g, '\n')).digest('hex');
}

/**
 * Files the generator owns and re-renders (Dockerfile, .dockerignore, the route table, and the
 * deployment files that depend on the image target).
 * Their hash at generation time is kept in .yo-rc.json; a later run overwrites such a
 * file silently only when its current contents still match, i.e. nobody edited it.
 */
export const ownedFiles = [
  'Dockerfile',
  '.dockerignore',
  'pkg/server/routes_gen.go',
  // the OpenAPI description, re-rendered with the route table by the endpoint sub-generator
  'api/openapi.yaml',
  // target-dependent deployment files (re-rendered by the image sub-generator)
  '.github/workflows/ci.yml',
  'deploy/k8s/deployment.yaml',
  'deploy/k8s/service.yaml',
  'compose.yaml',
] as const;

/** Pure: is the file on disk exactly what we generated last time (or absent)? */
export function isUnedited(diskContents: string | undefined, recordedHash: string | undefined): boolean {
  if (diskContents === undefined) return true;
  return recordedHash !== undefined && sha256(diskContents) === recordedHash;
}

export const readmeImageMarkers = {
  start: '<!-- go-minimal:image:start',
  end: '<!-- go-minimal:image:end -->',
} as const;

/**
 * Replace the generator-owned region of `text` (from the line starting with `start` to the
 * line `end`, both kept) with the same region taken from `fresh`. Pure; returns null when
 * either text lacks exactly one pair of markers, so the caller can say so instead of guessing.
 */
export function replaceMarkedRegion(text: string, fresh: string, start: string, end: string): string | null {
  const region = (s: string) => {
    const lines = s.split('\n');
    const a = lines.flatMap((l, i) => (l.startsWith(start) ? [i] : []));
    const b = lines.flatMap((l, i) => (l.trim() === end ? [i] : []));
    if (a.length !== 1 || b.length !== 1 || b[0]! < a[0]!) return null;
    return { lines, a: a[0]!, b: b[0]! };
  };
  const old = region(text.replace(/\r\n/g, '\n'));
  const neu = region(fresh);
  if (!old || !neu) return null;
  const out = [...old.lines.slice(0, old.a), ...neu.lines.slice(neu.a, neu.b + 1), ...old.lines.slice(old.b + 1)].join('\n');
  return text.includes('\r\n') ? out.replace(/\n/g, '\r\n') : out;
}
