// Versioned answers in .yo-rc.json: schemaVersion (absent = 1, the 0.1.0 layout) and the
// generatorVersion that last wrote the project. `go-minimal update` runs the migrations below
// in order before re-rendering; each one is pure (old answers -> new answers).
import type { StoredConfig } from './context.js';

/** Schema of the answers this generator writes. */
export const currentSchemaVersion = 2;

/** What a .yo-rc.json without schemaVersion is: the layout release 0.1.0 wrote. */
export const unversionedSchema = 1;

export interface Migration {
  from: number;
  to: number;
  what: string;
  migrate: (cfg: Record<string, unknown>) => Record<string, unknown>;
}

export const migrations: readonly Migration[] = [
  {
    from: 1,
    to: 2,
    what: 'answers added after 0.1.0 (ci, k8s, compose, git) recorded as off; endpoints list made explicit',
    migrate: (cfg) => ({
      ...cfg,
      upx: cfg.upx ?? false,
      ci: cfg.ci ?? false,
      k8s: cfg.k8s ?? false,
      compose: cfg.compose ?? false,
      git: cfg.git ?? false,
      endpoints: cfg.endpoints ?? [],
    }),
  },
];

/** Run every migration from the recorded schema to the current one. Refuses a newer schema. */
export function migrate(raw: Record<string, unknown>): { cfg: StoredConfig & Record<string, unknown>; applied: string[]; error?: string } {
  let version = typeof raw.schemaVersion === 'number' ? raw.schemaVersion : unversionedSchema;
  let cfg = { ...raw };
  const applied: string[] = [];
  if (version > currentSchemaVersion) {
    return {
      cfg: cfg as StoredConfig & Record<string, unknown>,
      applied,
      error: `.yo-rc.json has schemaVersion ${version}, newer than this generator understands (${currentSchemaVersion}): install a newer generator-go-minimal`,
    };
  }
  while (version < currentSchemaVersion) {
    const m = migrations.find((x) => x.from === version);
    if (!m) return { cfg: cfg as StoredConfig & Record<string, unknown>, applied, error: `internal: no migration from schema ${version}` };
    cfg = m.migrate(cfg);
    applied.push(`${m.from}->${m.to}: ${m.what}`);
    version = m.to;
  }
  cfg.schemaVersion = currentSchemaVersion;
  return { cfg: cfg as StoredConfig & Record<string, unknown>, applied };
}
