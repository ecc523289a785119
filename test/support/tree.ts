// Byte-level snapshots of a folder tree: "a refused run changed nothing" is checked by
// comparing every file's sha256 (and the set of files and folders) before and after.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function treeSnapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        out[`${r}/`] = 'dir';
        walk(r);
      } else {
        out[r] = createHash('sha256').update(readFileSync(path.join(root, r))).digest('hex');
      }
    }
  };
  walk('');
  return out;
}
