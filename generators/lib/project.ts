// Locating an existing generated project; the hash that tells our files from edited ones
// (every generated file's sha256 is kept in .yo-rc.json, see stored.ts and plan.ts).
import { createHash } from 'node:crypto';

// found through .yo-rc.json, whose only reader is stored.ts
export { findProjectRoot } from './stored.js';

export function sha256(contents: string): string {
  return createHash('sha256').update(contents.replace(/\r\n/g, '\n')).digest('hex');
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
